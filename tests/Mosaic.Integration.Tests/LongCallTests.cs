using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Client;
using Mosaic.Grains.Devices;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Mosaic.Integration.Tests;

/// <summary>
/// A cluster whose response timeout is one second, far shorter than its generations: the job must still finish,
/// progress must stream the whole time, and cancellation must reach the running generations.
/// </summary>
public sealed class LongCallTests : IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((options, silo) =>
        {
            silo.AddMosaicGrainsForTests(ClusterFactory.WorkerOf(options.SiloName), timeScale: 0.05, maxModelsPerWorker: 3);
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(1));
        });
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(1)));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        await ClusterFactory.WaitForWorkersAsync(_cluster, 2);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task GenerationsLongerThanTheResponseTimeout_CompleteWhileProgressStreams()
    {
        var client = new MosaicClient(_cluster.Client);
        var spec = TestWorkloads.MultipleChoice(24, seed: 21);

        var id = await client.SubmitAsync(spec);
        var events = new List<JobProgress>();
        await foreach (var progress in client.WatchAsync(id, new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token))
        {
            events.Add(progress);
        }

        var report = await client.GetReportAsync(id);
        Assert.Equal(JobStatus.Completed, report!.Status);
        Assert.True(report.WallSeconds > 3, $"the job took {report.WallSeconds:0.0} s; it must outlast the 1 s timeout");
        Assert.Equal(24, report.Answered);
        Assert.Equal(JobStatus.Completed, events[^1].Status);
        Assert.True(events.Count >= 6, $"{events.Count} progress events");
        Assert.True(events.Zip(events.Skip(1)).All(p => p.Second.QuestionsAnswered >= p.First.QuestionsAnswered),
            "answered went down: " + string.Join(", ", events.Select(e => $"{e.QuestionsAnswered} {e.Status} {e.At:HH:mm:ss.fff}")));
    }

    [Fact]
    public async Task CancellingAJob_StopsGenerationsThatOutlastTheTimeout()
    {
        var client = new MosaicClient(_cluster.Client);
        var id = await client.SubmitAsync(TestWorkloads.MultipleChoice(60, seed: 22));
        var workers = new[] { "gpu0", "gpu1" }.Select(w => _cluster.Client.GetGrain<IWorkerGrain>(w)).ToArray();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await StatusAsync(workers)).Sum(s => s.Running) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no generation started");
            await Task.Delay(20);
        }

        await client.CancelAsync(id);
        var stopped = await StatusAsync(workers);
        var stopDeadline = DateTime.UtcNow.AddSeconds(5); // a stopped generation leaves its row within a step
        while (stopped.Sum(s => s.Running + s.Queued) > 0 && DateTime.UtcNow < stopDeadline)
        {
            await Task.Delay(10);
            stopped = await StatusAsync(workers);
        }

        var report = await client.WaitForCompletionAsync(id);
        var results = await client.GetResultsAsync(id);
        await Task.Delay(TimeSpan.FromSeconds(2)); // longer than any generation left running would need to finish

        var later = await StatusAsync(workers);
        Assert.Equal(JobStatus.Cancelled, report.Status);
        Assert.True(report.Answered < 60);
        Assert.Equal(report.Answered, results.Count);
        Assert.Equal(0, stopped.Sum(s => s.Running + s.Queued)); // the cancel reached the devices
        Assert.Equal(stopped.Sum(s => s.CompletedCalls), later.Sum(s => s.CompletedCalls)); // and nothing generated after it
    }

    /// <summary>Status of every worker; a status call that outlasts this cluster's one-second timeout is asked again.</summary>
    private static async Task<WorkerStatus[]> StatusAsync(IWorkerGrain[] workers)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Task.WhenAll(workers.Select(w => w.GetStatusAsync()));
            }
            catch (TimeoutException) when (attempt < 10)
            {
            }
        }
    }
}
