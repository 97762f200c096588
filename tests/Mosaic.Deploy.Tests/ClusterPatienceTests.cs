using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Benchmarks.Processes;
using Mosaic.Client;
using Mosaic.Hosting;
using Xunit.Abstractions;

namespace Mosaic.Deploy.Tests;

/// <summary>
/// A Mosaic client whose cluster loses every silo (a real <c>Mosaic.Silo</c> process, SIGKILLed): its reads and its watch
/// keep asking for the client's <see cref="MosaicClientOptions.ClusterPatience"/>, follow the job to its end when the silo
/// is back, and past the patience throw one <see cref="ClusterUnavailableException"/> naming the cluster. Until
/// 2026-12-06 the watch threw Orleans' <c>ConnectionFailedException</c> ("will retry after 988 ms") 5–10 s after the last
/// silo died, and a read 5 s after.
/// </summary>
public sealed class ClusterPatienceTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly string _folder = Directory.CreateTempSubdirectory("mosaic-patience-").FullName;

    [Fact]
    public async Task Watch_EverySiloKilledAndBackWithinThePatience_FollowsTheJobToItsEnd()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var ports = FreePorts.Run(3);
        var silo = StartSilo(ports);
        try
        {
            await silo.WaitReadyAsync(http, StartTimeout);
            using var client = await ClientAsync(silo.Options.GatewayPort, TimeSpan.FromMinutes(1));
            var mosaic = client.Services.GetRequiredService<IMosaicClient>();
            var id = await mosaic.SubmitAsync(TestJobs.MultipleChoice(40, seed: 7));
            var answered = 0;
            var waiting = mosaic.WaitForCompletionAsync(id, p => Volatile.Write(ref answered, p.QuestionsAnswered));
            await WaitUntilAsync(() => Volatile.Read(ref answered) >= 2, TimeSpan.FromMinutes(1));

            silo.Kill();
            var (atKill, killed) = (Volatile.Read(ref answered), Stopwatch.StartNew());
            // Longer than the old client lasted (5–10 s), then the silo's own start (several seconds more).
            await Task.Delay(TimeSpan.FromSeconds(10));
            Assert.False(waiting.IsCompleted, waiting.Exception?.ToString());
            await silo.DisposeAsync();
            silo = StartSilo(ports);
            await silo.WaitUntilActiveAsync(StartTimeout);
            var away = killed.Elapsed;
            Assert.InRange(atKill, 2, 39);
            var report = await waiting.WaitAsync(TimeSpan.FromMinutes(3));

            output.WriteLine($"killed at {atKill} of 40 answered; no silo for {away.TotalSeconds:0.0} s; the job ended {killed.Elapsed.TotalSeconds:0.0} s after the kill, generation {report.Generation}");
            Assert.Equal(JobStatus.Completed, report.Status);
            Assert.Equal(40, report.Answered);
            Assert.True(report.Generation >= 2, $"the job should have resumed in a new generation, got {report.Generation}");
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task WatchReadAndSubmit_EverySiloKilledForGood_ClusterUnavailableAfterThePatienceOrAtOnce()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var ports = FreePorts.Run(3);
        await using var silo = StartSilo(ports);
        await silo.WaitReadyAsync(http, StartTimeout);
        var patience = TimeSpan.FromSeconds(3);
        using var client = await ClientAsync(silo.Options.GatewayPort, patience);
        var mosaic = client.Services.GetRequiredService<IMosaicClient>();
        var id = await mosaic.SubmitAsync(TestJobs.MultipleChoice(40, seed: 8));
        var answered = 0;
        var waiting = mosaic.WaitForCompletionAsync(id, p => Volatile.Write(ref answered, p.QuestionsAnswered));
        await WaitUntilAsync(() => Volatile.Read(ref answered) >= 1, TimeSpan.FromMinutes(1));

        silo.Kill();
        var clock = Stopwatch.StartNew();
        var watch = await Assert.ThrowsAsync<ClusterUnavailableException>(() => waiting.WaitAsync(TimeSpan.FromMinutes(1)));
        var watchGaveUp = clock.Elapsed;
        clock.Restart();
        var read = await Assert.ThrowsAsync<ClusterUnavailableException>(() => mosaic.GetReportAsync(id));
        var readGaveUp = clock.Elapsed;
        // A submit is not asked again: with the client connected to no silo it is said at once.
        clock.Restart();
        var submit = await Assert.ThrowsAsync<ClusterUnavailableException>(() => mosaic.SubmitAsync(TestJobs.MultipleChoice(1, seed: 9)));
        var submitGaveUp = clock.Elapsed;

        output.WriteLine($"watch: {watchGaveUp.TotalSeconds:0.0} s, {watch.Message}");
        output.WriteLine($"read: {readGaveUp.TotalSeconds:0.0} s, {read.Message}");
        output.WriteLine($"submit: {submitGaveUp.TotalSeconds:0.0} s, {submit.Message}");
        Assert.True(submitGaveUp < TimeSpan.FromSeconds(2), $"{submitGaveUp.TotalSeconds:0.0} s");
        Assert.StartsWith($"This client is connected to no silo of the cluster (cluster id 'default', service id 'default', gateways localhost:{silo.Options.GatewayPort}): ", submit.Message, StringComparison.Ordinal);
        // The watch may first wait out a stall (5 s) of the stream the kill cut, then the patience.
        Assert.InRange(watchGaveUp, patience, patience + TimeSpan.FromSeconds(12));
        Assert.InRange(readGaveUp, patience, patience + TimeSpan.FromSeconds(5));
        foreach (var error in new[] { watch, read })
        {
            Assert.StartsWith("No silo of the cluster answered for ", error.Message, StringComparison.Ordinal);
            Assert.Contains($"(cluster id 'default', service id 'default', gateways localhost:{silo.Options.GatewayPort}): ", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("will retry", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }
    }

    /// <summary>
    /// The silo dies while it admits a submitted job (planning it) and comes back: the submit returns the job's id once
    /// the job is admitted again, instead of waiting out the submit's response timeout (5 min), which it did until
    /// 2026-12-07 (a <c>mosaic run</c> hung for more than two minutes that way in a helper's run).
    /// </summary>
    [Fact]
    public async Task Submit_SiloKilledWhileAdmittingTheJobAndBack_ReturnsTheIdOfTheJobAdmittedAgain()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var ports = FreePorts.Run(3);
        var silo = StartSilo(ports);
        try
        {
            await silo.WaitReadyAsync(http, StartTimeout);
            using var client = await ClientAsync(silo.Options.GatewayPort, TimeSpan.FromMinutes(1));
            var mosaic = client.Services.GetRequiredService<IMosaicClient>();
            var job = client.Services.GetRequiredService<IClusterClient>().GetGrain<IJobGrain>("admitted-twice");
            var spec = TestJobs.MultipleChoice(40_000, seed: 10);

            var submitting = mosaic.SubmitAsync(spec, "admitted-twice");
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (!await job.IsAdmittingAsync())
            {
                Assert.False(submitting.IsCompleted, "the job was admitted before the test saw it being admitted");
                Assert.True(DateTime.UtcNow < deadline, "the job was never seen being admitted");
            }

            silo.Kill();
            var killed = Stopwatch.StartNew();
            await silo.DisposeAsync();
            silo = StartSilo(ports);
            await silo.WaitUntilActiveAsync(StartTimeout);
            var back = killed.Elapsed;

            var id = await submitting.WaitAsync(TimeSpan.FromSeconds(90));
            var report = await mosaic.GetReportAsync(id);

            output.WriteLine($"silo back {back.TotalSeconds:0.0} s after the kill; the submit returned {killed.Elapsed.TotalSeconds:0.0} s after it");
            Assert.Equal("admitted-twice", id);
            Assert.NotNull(report);
            Assert.Equal(40_000, report.Questions);
            Assert.Equal(1, silo.Lines().Count(l => l.Contains("Job admitted-twice accepted", StringComparison.Ordinal)));
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    /// <summary><c>mosaic run --cluster-patience</c> is the client's patience: past it, the client's line and how to collect the job.</summary>
    [Fact]
    public async Task Run_EverySiloKilledForGood_SaysSoAfterItsPatienceAndNamesTheJob()
    {
        const string pool = """
            { "backend": "emulated", "time_scale": 1, "experts": { "alpha": { "load_s": 1, "per_prompt_s": 0.5 }, "beta": { "load_s": 1, "per_prompt_s": 0.5 } },
              "aggregator": { "name": "judge", "kind": "reasoning", "load_s": 1, "per_prompt_s": 0.5 } }
            """;
        var poolFile = Path.Combine(_folder, "pool.json");
        File.WriteAllText(poolFile, pool);
        var requests = Path.Combine(_folder, "requests.jsonl");
        File.WriteAllLines(requests, Enumerable.Range(1, 20).Select(i =>
            $$$"""{"custom_id": "q{{{i}}}", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "mosaic", "messages": [{"role": "user", "content": "What is {{{i}}} + 2?"}]}}"""));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await using var silo = DeploySilos.Start("gpu0", FreePorts.Run(3), settings: new Dictionary<string, string> { [SiloSettings.PoolFileKey] = poolFile });
        await silo.WaitReadyAsync(http, StartTimeout);

        var run = ChildProcess.RunAsync(
            "dotnet",
            [Repository.CliDll, "run", "-i", requests, "-o", Path.Combine(_folder, "results.jsonl"), "--config", poolFile, "--cluster", $"localhost:{silo.Options.GatewayPort}", "--cluster-patience", "3"],
            TimeSpan.FromMinutes(2));
        await WaitUntilAsync(() => silo.Lines().Any(l => l.Contains(" accepted", StringComparison.Ordinal) && l.Contains("Job run-", StringComparison.Ordinal)), TimeSpan.FromMinutes(1));
        // Not as the job is accepted: this is about the watch (a submit whose answer the kill cuts: Submit_SiloKilledWhileAdmitting…).
        await Task.Delay(TimeSpan.FromSeconds(2));
        silo.Kill();
        var (exit, _, stderr) = await run;

        output.WriteLine(stderr);
        Assert.Equal(1, exit);
        Assert.Matches(
            $"error: No silo of the cluster answered for [0-9.]+ s \\(cluster id 'default', service id 'default', gateways localhost:{silo.Options.GatewayPort}\\): [^\\n]+; job (?<job>run-[0-9a-f]+) goes on in the cluster when its silos are back: run again with --job \\k<job> and the same -i to collect its answers",
            stderr);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A silo on SQLite in this test's folder, so that the job outlives the process; localhost clustering without ids.</summary>
    private SiloProcess StartSilo(int ports) => DeploySilos.Start("gpu0", ports, settings: new Dictionary<string, string>
    {
        ["Mosaic:Storage:Provider"] = "sqlite",
        ["Mosaic:Storage:SqliteClustering"] = "false",
        ["Mosaic:Storage:DataFolder"] = Path.Combine(_folder, "data"),
        ["Mosaic:TimeScale"] = "0.02",
        ["Mosaic:MaxModelsPerWorker"] = "7",
    });

    private static async Task<IHost> ClientAsync(int gatewayPort, TimeSpan patience)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.AddMosaicClient(new MosaicClientOptions { GatewayPorts = [gatewayPort], ClusterPatience = patience });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {timeout.TotalSeconds:0} s");
            await Task.Delay(100);
        }
    }
}
