using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Mosaic.Hosting;

namespace Mosaic.Deploy.Tests;

/// <summary>The Orleans dashboard on the silos' admin port: a browser with credentials sees the cluster; without, it is refused.</summary>
public sealed class DashboardTests
{
    private const string User = "operator";
    private const string Password = "s3cret-Pa55";

    [ChromiumFact]
    public async Task Dashboard_InHeadlessChromium_ShowsEverySiloWithCredentialsAndNothingWithout()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var ports = FreePorts.Run(6);
        var environment = new Dictionary<string, string>
        {
            ["Silo__Dashboard__Enabled"] = "true",
            ["Silo__Dashboard__Username"] = User,
            ["Silo__Dashboard__Password"] = Password,
        };
        await using var primary = DeploySilos.Start("gpu0", ports, settings: environment);
        await using var secondary = DeploySilos.Start("gpu1", ports + 3, primaryPort: ports, settings: environment);
        await Task.WhenAll(primary.WaitReadyAsync(http, TimeSpan.FromMinutes(2)), secondary.WaitReadyAsync(http, TimeSpan.FromMinutes(2)));
        var silos = new Uri(secondary.Admin, "dashboard/#/silos");

        var withCredentials = await RenderUntilBothSilosShowAsync(new UriBuilder(silos) { UserName = User, Password = Password }.Uri);
        var without = await HeadlessChromium.RenderAsync(silos, TimeSpan.FromSeconds(3));
        var wrong = await HeadlessChromium.RenderAsync(new UriBuilder(silos) { UserName = User, Password = "guess" }.Uri, TimeSpan.FromSeconds(3));

        Assert.Contains("Active Silos 2", withCredentials);
        foreach (var silo in new[] { primary, secondary })
        {
            Assert.Contains($"127.0.0.1:{silo.Options.SiloPort}@", withCredentials);
            Assert.Contains($"Active {silo.Worker}", withCredentials);
        }

        Assert.DoesNotContain("Orleans Dashboard", without);
        Assert.DoesNotContain("Orleans Dashboard", wrong);
        var refused = await http.GetAsync(new Uri(secondary.Admin, "dashboard/DashboardCounters"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Basic", refused.Headers.WwwAuthenticate.Single().Scheme);
        using var authorized = new HttpRequestMessage(HttpMethod.Get, new Uri(secondary.Admin, "dashboard/DashboardCounters"));
        authorized.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(authorized)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(secondary.Admin, "metrics"))).StatusCode);
    }

    [Fact]
    public async Task Dashboard_EnabledWithoutCredentialsOutsideDevelopment_SiloRefusesToStart()
    {
        var ports = FreePorts.Run(3);
        await using var silo = DeploySilos.Start("gpu0", ports, settings: new Dictionary<string, string> { ["Silo__Dashboard__Enabled"] = "true" });

        await silo.WaitForExitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(2, silo.ExitCode);
        Assert.Equal(
            "error: the dashboard is never served without credentials outside Development (environment 'Production'): set Silo:Dashboard:Username and Silo:Dashboard:Password",
            string.Join('\n', silo.Lines()));
    }

    /// <summary>
    /// The dashboard polls the silos after the page loads, and a silo that just answered ready can still be joining, so
    /// under load one render may come too early: render again, for up to two minutes, until both show.
    /// </summary>
    private static async Task<string> RenderUntilBothSilosShowAsync(Uri page)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var text = Text(await HeadlessChromium.RenderAsync(page, TimeSpan.FromSeconds(10)));
            if (text.Contains("Active Silos 2", StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                return text;
            }
        }
    }

    /// <summary>The page's text with markup removed and whitespace collapsed.</summary>
    private static string Text(string dom) =>
        string.Join(' ', System.Text.RegularExpressions.Regex.Replace(dom, "<[^>]*>", " ").Split((char[])[' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries));
}
