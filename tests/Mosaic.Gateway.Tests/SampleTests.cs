using Mosaic.Samples.OpenAi;
using Mosaic.Samples.OrleansClient;

namespace Mosaic.Gateway.Tests;

/// <summary>The two samples, run against the served cluster: what CI runs to keep them working.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SampleTests(GatewayFixture fixture)
{
    [Fact]
    public async Task OrleansClientSample_SubmitsWatchesAndReadsEveryResultPaged()
    {
        var output = new StringWriter();

        var summary = await OrleansClientSample.RunAsync(fixture.Cluster.Mosaic, new SampleOptions { Experts = TestPool.Fast, Aggregator = TestPool.Aggregator, Questions = 12, PageSize = 5 }, output);

        Assert.Equal((12, 12, 3), (summary.Questions, summary.Answered, summary.Pages));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"q{i:000}"), summary.Results.Select(r => r.QuestionId));
        Assert.True(summary.ProgressEvents >= 1);
        Assert.Contains("cluster: 2 workers (gpu0, gpu1)", output.ToString());
        Assert.NotNull(summary.Report.Accuracy);
    }

    /// <summary>
    /// Without an aggregator a split vote has no answer; the sample says why, where it used to print only "(2 without an
    /// answer) … accuracy 50 %", which reads as the service failing.
    /// </summary>
    [Fact]
    public async Task OrleansClientSample_WithoutAnAggregator_SaysWhySplitVotesHaveNoAnswer()
    {
        var output = new StringWriter();

        var summary = await OrleansClientSample.RunAsync(fixture.Cluster.Mosaic, new SampleOptions { Experts = TestPool.Fast, Questions = 24 }, output);

        Assert.True(summary.Report.Unanswered > 0, "the emulated experts split on none of the 24 questions; the test needs a split vote");
        Assert.Contains($"{summary.Report.Unanswered} question(s) got no answer because their experts disagreed and this job has no aggregator", output.ToString());
        Assert.Equal(24 - summary.Report.Unanswered, summary.Answered); // so the sample exits 1: until 2026-12-06 it counted them answered and exited 0
    }

    /// <summary>
    /// Pointed at no cluster it used to retry forever, a stack trace per attempt: one line after the client's connect
    /// timeout (<c>Mosaic__Client__ConnectTimeout</c>; the sample's own 20 s bound until 2026-12-06).
    /// </summary>
    [Fact]
    public async Task OrleansClientSample_NoClusterThere_OneLineAfterABoundedWait()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (exitCode, _, stderr) = await SampleProcess.RunOrleansClientAsync(
            ["--gateway-ports", $"{FreePort.Next()}", "--cluster-id", "nowhere"],
            new Dictionary<string, string> { ["Mosaic__Client__ConnectTimeout"] = "00:00:03" });

        Assert.Equal(1, exitCode);
        Assert.Matches(@"^error: No silo of the cluster answered within 3 s \(cluster id 'nowhere', service id 'nowhere', gateways localhost:\d+\): Unable to connect to 127\.0\.0\.1:\d+\. Error: ConnectionRefused\.$", stderr.Trim());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{clock.Elapsed.TotalSeconds:0} s");
    }

    /// <summary>A misspelt flag was ignored, a bad number threw a FormatException with a stack trace: now one line, the usage, exit 2.</summary>
    [Theory]
    [InlineData("--qestions 3", "error: unknown argument '--qestions'")]
    [InlineData("--gateway-ports 30000,x", "error: --gateway-ports takes positive whole numbers, got 'x'")]
    [InlineData("--questions", "error: --questions needs a value")]
    public async Task OrleansClientSample_BadArguments_OneLineAndTheUsageExit2(string arguments, string error)
    {
        var sample = Path.Combine(AppContext.BaseDirectory, "Mosaic.Samples.OrleansClient.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(sample);
        foreach (var argument in arguments.Split(' '))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Equal([error, "usage: [--gateway-ports 30000,30001] [--cluster-id ID] [--service-id ID] [--experts a,b,c] [--aggregator NAME] [--questions 12]"],
            stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task OpenAiSample_ModelsChatStreamingAndABatch()
    {
        var output = new StringWriter();

        var summary = await OpenAiSample.RunAsync(new Uri(fixture.Gateway.BaseUrl, "v1"), GatewayFixture.ApiKey, "mosaic", output);

        Assert.Contains("mosaic", summary.Models);
        Assert.Contains("The answer is", summary.ChatAnswer);
        Assert.Contains("The answer is", summary.StreamedAnswer);
        Assert.True(summary.StreamedChunks >= 3);
        Assert.Equal("completed", summary.BatchStatus);
        Assert.Equal(["sample-1", "sample-2", "sample-3", "sample-4", "sample-5"], summary.OutputCustomIds.Order());
    }

    /// <summary>
    /// What a developer copying the OpenAI sample meets first: a flag without its value, a wrong key, a gateway that is
    /// not there. Each is one line and an exit code; until 2026-12-06 a trailing flag was dropped, an unknown one ignored,
    /// and the others ended in an unhandled exception with a stack trace.
    /// </summary>
    [Fact]
    public async Task OpenAiSample_BadArgumentsWrongKeyOrNoGateway_OneLineEach()
    {
        const string Usage = "usage: [--base-url http://127.0.0.1:8080/v1] [--api-key KEY] [--model mosaic]";
        var gateway = new Uri(fixture.Gateway.BaseUrl, "v1").ToString();
        var nowhere = $"http://127.0.0.1:{FreePort.Next()}/v1";

        Assert.Equal((2, $"error: --model needs a value\n{Usage}"), await RunOpenAiSampleAsync("--base-url", gateway, "--model"));
        Assert.Equal((2, $"error: unknown argument '--bse-url'\n{Usage}"), await RunOpenAiSampleAsync("--bse-url", gateway));
        var (exit, stderr) = await RunOpenAiSampleAsync("--base-url", gateway, "--api-key", "not-the-key");
        Assert.Equal(2, exit);
        Assert.StartsWith($"error: the gateway at {gateway} answered 401: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", stderr);
        Assert.Equal((1, $"error: cannot reach the gateway at {nowhere} (Connection refused)"), await RunOpenAiSampleAsync("--base-url", nowhere));
    }

    private static async Task<(int Exit, string Stderr)> RunOpenAiSampleAsync(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Mosaic.Samples.OpenAi.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("OPENAI_API_KEY");
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await stdout;
        return (process.ExitCode, stderr.Trim());
    }
}
