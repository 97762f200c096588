using System.ClientModel;
using System.Globalization;
using System.Text.RegularExpressions;
using Mosaic.Testing;
using OpenAI;

namespace Mosaic.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed partial class MetricsTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Metrics_PrometheusText_MovesWhileABatchRuns()
    {
        // A gateway of its own, as a process has one: in the full suite the shared gateway's HTTP duration count stopped
        // moving once other tests' gateways in this process had stopped (never when this test ran alone or first).
        await using var gateway = await fixture.StartGatewayAsync();
        using var http = gateway.Http();
        var openai = new OpenAIClient(new ApiKeyCredential(GatewayFixture.ApiKey), new OpenAIClientOptions { Endpoint = new Uri(gateway.BaseUrl, "v1") });
        var batch = await BatchFiles.CreateAsync(openai, await BatchFiles.UploadAsync(openai, BatchFiles.Questions(200, TestPool.Slow, "metrics")));
        var running = await BatchFiles.PollAsync(batch, b => b.GetProperty("request_counts").GetProperty("completed").GetInt32() > 0 || BatchFiles.Ended(b));

        var first = Parse(await http.GetStringAsync("metrics"));
        string[] moved = [];
        var start = DateTime.UtcNow;
        var deadline = start.AddSeconds(30);
        // Until both have moved: a request's duration is recorded as it ends, which can come after its client has read the answer.
        while (!(moved.Any(k => k.StartsWith("orleans_", StringComparison.Ordinal)) && moved.Any(k => k.StartsWith("http_server_request_duration_seconds_count", StringComparison.Ordinal)))
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            await http.GetAsync("v1/models"); // an API request of its own, so the HTTP duration count has something to move by
            var second = Parse(await http.GetStringAsync("metrics"));
            moved = second.Where(s => !first.TryGetValue(s.Key, out var before) || !before.Equals(s.Value)).Select(s => s.Key).ToArray();
        }

        try
        {
            await batch.CancelAsync(null);
        }
        catch (ClientResultException e) when (e.Status == 400)
        {
            // It finished meanwhile: nothing left to stop.
        }

        Assert.Equal("in_progress", running.GetProperty("status").GetString());
        Assert.Contains(first.Keys, k => k.StartsWith("http_server_request_duration_seconds", StringComparison.Ordinal));
        // Buckets for requests of minutes (a reasoning mixture's chat), not ASP.NET Core's default, which ends at 10 s.
        Assert.Contains(first.Keys, k => k.StartsWith("http_server_request_duration_seconds_bucket", StringComparison.Ordinal) && k.Contains("le=\"7200\"", StringComparison.Ordinal));
        Assert.Contains(first.Keys, k => k.StartsWith("orleans_", StringComparison.Ordinal));
        var report = $"moved in {(DateTime.UtcNow - start).TotalSeconds:F1} s: {string.Join(", ", moved.Order())}";
        Assert.True(moved.Any(k => k.StartsWith("orleans_", StringComparison.Ordinal)), $"no Orleans figure; {report}");
        Assert.True(moved.Any(k => k.StartsWith("http_server_request_duration_seconds_count", StringComparison.Ordinal)), $"no HTTP request count; {report}");
    }

    /// <summary>Prometheus text exposition format: comments (# HELP / # TYPE / # EOF) or "name{labels} value [timestamp]"; every line must be one of them.</summary>
    private static Dictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                Assert.Matches(Comment(), line);
                continue;
            }

            var match = Sample().Match(line);
            Assert.True(match.Success, $"not a Prometheus sample: {line}");
            var value = match.Groups["value"].Value;
            samples[match.Groups["series"].Value] = value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
        }

        Assert.NotEmpty(samples);
        return samples;
    }

    [GeneratedRegex("""^# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped|unknown)|EOF)$""")]
    private static partial Regex Comment();

    [GeneratedRegex("""^(?<series>[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})?) (?<value>[-+]?([0-9.]+([eE][-+]?[0-9]+)?|Inf|NaN))( -?[0-9]+)?$""")]
    private static partial Regex Sample();
}
