namespace Mosaic.TestSupport;

/// <summary>
/// A fact that needs headless Chromium (CI installs it through infra/scripts/ci-chromium.sh). Skipped without it,
/// except in CI (<c>CI=true</c>), where the test runs and fails naming the missing browser.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Path is null && !CiMode.IsOn(Environment.GetEnvironmentVariable("CI")))
        {
            Skip = "chromium is not installed (run infra/scripts/ci-chromium.sh, or set MOSAIC_TEST_CHROMIUM)";
        }
    }
}
