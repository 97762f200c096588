using System.Diagnostics;

namespace Mosaic.TestSupport;

/// <summary>
/// Debian's Chromium, headless (infra/scripts/ci-chromium.sh installs it; <c>MOSAIC_TEST_CHROMIUM</c> or
/// /usr/bin/chromium): loads a page with a fresh profile, lets its scripts run and fetch (virtual time waits for
/// pending requests), and returns the DOM it rendered.
/// </summary>
public static class HeadlessChromium
{
    public static string? Path { get; } = Environment.GetEnvironmentVariable("MOSAIC_TEST_CHROMIUM") is { Length: > 0 } path
        ? path
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;

    public static async Task<string> RenderAsync(Uri page, TimeSpan budget)
    {
        var profile = Directory.CreateTempSubdirectory("mosaic-chromium-");
        try
        {
            var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException("no chromium: run infra/scripts/ci-chromium.sh"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var flag in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--disable-quic", "--no-first-run", $"--user-data-dir={profile.FullName}",
                         $"--virtual-time-budget={(int)budget.TotalMilliseconds}", "--dump-dom", page.AbsoluteUri,
                     })
            {
                start.ArgumentList.Add(flag);
            }

            using var browser = Process.Start(start)!;
            var dom = browser.StandardOutput.ReadToEndAsync();
            var errors = browser.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(budget + TimeSpan.FromSeconds(60));
            try
            {
                await browser.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                browser.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish rendering {page}: {await errors}");
            }

            return await dom;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
