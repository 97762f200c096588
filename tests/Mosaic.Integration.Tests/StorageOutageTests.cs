using Microsoft.Extensions.DependencyInjection;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Client;
using Mosaic.Storage;
using Mosaic.Storage.Jobs;

namespace Mosaic.Integration.Tests;

/// <summary>
/// The job store becomes unreachable in the middle of a job (every connection reset, new ones refused, as when
/// PostgreSQL restarts) and comes back: the job waits and then answers every question once. Before 2026-12-06 the
/// workers gave up reporting outcomes on the first storage error and the aggregation grain dropped the rows it could
/// not write, so a job stalled for good at a few questions short of its end.
/// </summary>
public sealed class StorageOutageTests
{
    [PostgresFact]
    public async Task PostgresGoingAwayMidJob_TheJobWaitsAndAnswersEveryQuestionOnce()
    {
        var (proxy, proxied) = TcpOutageProxy.ForPostgres(PostgresFactAttribute.ConnectionString!);
        await using var _ = proxy;
        var storage = new MosaicStorageOptions { Provider = MosaicStorageProvider.Postgres, ConnectionString = proxied, UseClustering = false };
        var cluster = ClusterFactory.Build(4, worker => TestProfiles.Emulated(worker, timeScale: 0.05), (_, silo) => silo.AddMosaicStorage(storage));
        await using (cluster)
        {
            await cluster.DeployAsync();
            await ClusterFactory.WaitForWorkersAsync(cluster, 4);
            var client = new MosaicClient(cluster.Client);
            var spec = TestWorkloads.MultipleChoice(300, seed: 21);
            var id = await client.SubmitAsync(spec);

            // Cut at the first answers: in MOSAIC's expert-by-expert order most questions are decided late in the stage.
            await WaitForAnsweredAsync(client, id, 1);
            var atCut = (await client.GetReportAsync(id))!;
            proxy.Cut();
            Assert.True(atCut is { Status: JobStatus.Running, Answered: < 300 }, $"the job was {atCut.Status} with {atCut.Answered} answered at the cut");
            await Task.Delay(TimeSpan.FromSeconds(35));
            var duringOutage = (await client.GetReportAsync(id))!;
            proxy.Restore();

            JobReport report;
            try
            {
                report = await client.WaitForCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);
            }
            catch (OperationCanceledException)
            {
                var stalled = (await client.GetReportAsync(id))!;
                throw new Xunit.Sdk.XunitException($"the job stalled after the outage: {stalled.Status}, {stalled.Answered} of 300 answered");
            }

            var results = await client.GetResultsAsync(id);

            Assert.True(duringOutage.Answered < 300, "the outage must fall inside the job");
            Assert.True(report.Status == JobStatus.Completed, $"job ended {report.Status}: {report.Error}");
            Assert.Equal(300, report.Answered);
            Assert.Equal(spec.Questions.Select(q => q.Id), results.Select(r => r.QuestionId));
            Assert.All(results, r => Assert.NotNull(r.FinalAnswer));
            var store = cluster.GetSiloServiceProvider(cluster.GetActiveSilos().First().SiloAddress).GetRequiredService<IJobStore>();
            Assert.Equal(0, await store.CountRepeatedCompletionsAsync(id));
        }
    }

    private static async Task WaitForAnsweredAsync(MosaicClient client, string jobId, int answered)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await client.GetReportAsync(jobId))!.Answered < answered)
        {
            Assert.True(DateTime.UtcNow < deadline, "the job made no progress");
            await Task.Delay(20);
        }
    }
}
