using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Client;
using Mosaic.Grains.Hosting;
using Mosaic.Storage;
using Mosaic.Storage.Jobs;
using Orleans.Configuration;

namespace Mosaic.Integration.Tests;

/// <summary>
/// Result writes that land but are reported failed (a connection reset after the commit): the aggregation grain keeps
/// the rows, its worker reports again, and the rows are written again. The job must count each row once: counting
/// the landed write too would declare it complete with its last questions unwritten, and not counting the rewrite
/// (the store adds nothing the second time) would leave it running for ever.
/// </summary>
public sealed class LostWriteAckTests
{
    [Fact]
    public async Task ResultWritesWhoseAckIsLost_CountOnce_AndTheJobEndsWithEveryRow()
    {
        var stores = new ConcurrentBag<AckLostJobStore>();
        var cluster = ClusterFactory.Build(2, worker => TestProfiles.Emulated(worker, timeScale: 0.05), (_, silo) =>
        {
            silo.AddMemoryGrainStorage(MosaicStorageNames.Grains);
            silo.Services.AddSingleton<IJobStore>(services =>
            {
                var shared = JobStores.Create(new MosaicStorageOptions { Provider = MosaicStorageProvider.Memory }, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId);
                var store = new AckLostJobStore(shared, lostAcks: 3);
                stores.Add(store);
                return store;
            });
        });
        await using (cluster)
        {
            await cluster.DeployAsync();
            await ClusterFactory.WaitForWorkersAsync(cluster, 2);
            var client = new MosaicClient(cluster.Client);
            var spec = TestWorkloads.MultipleChoice(60, seed: 23);

            var id = await client.SubmitAsync(spec);
            JobReport report;
            try
            {
                report = await client.WaitForCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            }
            catch (OperationCanceledException)
            {
                var stalled = (await client.GetReportAsync(id))!;
                var totals = await stores.First().ReadTotalsAsync(id);
                throw new Xunit.Sdk.XunitException($"stalled: {stalled.Status} {stalled.Answered} answered, store {totals.Answered}, lost {stores.Sum(s => s.Lost)}");
            }

            var results = await client.GetResultsAsync(id);

            Assert.True(stores.Sum(s => s.Lost) >= 1, "no write's acknowledgement was lost: the test tested nothing");
            Assert.Equal(JobStatus.Completed, report.Status);
            Assert.Equal(spec.Questions.Select(q => q.Id), results.Select(r => r.QuestionId));
            Assert.Equal(60, report.Answered);
        }
    }
}
