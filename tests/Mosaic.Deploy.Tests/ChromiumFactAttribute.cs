namespace Mosaic.Deploy.Tests;

/// <summary>A fact that needs headless Chromium (CI installs it through infra/scripts/ci-chromium.sh).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Path is null)
        {
            Skip = "chromium is not installed (run infra/scripts/ci-chromium.sh, or set MOSAIC_TEST_CHROMIUM)";
        }
    }
}
