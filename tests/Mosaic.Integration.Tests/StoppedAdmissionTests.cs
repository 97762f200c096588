using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Client;
using Mosaic.Grains.Hosting;
using Mosaic.Storage;
using Mosaic.Storage.Jobs;
using Orleans.Configuration;

namespace Mosaic.Integration.Tests;

/// <summary>
/// An admission that stops after recording the job's id and before writing its state (its silo died there) left the id
/// held for ever: every later submit under it was "already exists", and the client's resubmit of a lost submit ended
/// in "submit the job under another id". The same spec now takes the record over; another spec is still refused.
/// </summary>
public sealed class StoppedAdmissionTests
{
    [Fact]
    public async Task AnIdRecordedByAStoppedAdmission_IsTakenOverByTheSameSpec_AndRefusedToAnother()
    {
        var gate = new object();
        StoppedAdmissionJobStore? faulty = null;
        var cluster = ClusterFactory.Build(2, worker => TestProfiles.Emulated(worker, timeScale: 0.05), (_, silo) =>
        {
            silo.AddMemoryGrainStorage(MosaicStorageNames.Grains);
            silo.Services.AddSingleton<IJobStore>(services =>
            {
                lock (gate)
                {
                    return faulty ??= new StoppedAdmissionJobStore(JobStores.Create(
                        new MosaicStorageOptions { Provider = MosaicStorageProvider.Memory }, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
                }
            });
        });
        await using (cluster)
        {
            await cluster.DeployAsync();
            await ClusterFactory.WaitForWorkersAsync(cluster, 2);
            var client = new MosaicClient(cluster.Client);
            var spec = TestWorkloads.MultipleChoice(40, seed: 29);

            var stopped = await Assert.ThrowsAnyAsync<Exception>(() => client.SubmitAsync(spec, "held"));
            var stateAfterStop = await client.GetReportAsync("held");
            var another = await Assert.ThrowsAsync<JobRejectedException>(() => client.SubmitAsync(TestWorkloads.MultipleChoice(40, seed: 31), "held"));
            var id = await client.SubmitAsync(spec, "held");
            var report = await client.WaitForCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            var results = await client.GetResultsAsync(id);

            Assert.Contains("stopped after recording its spec", stopped.Message, StringComparison.Ordinal);
            Assert.Null(stateAfterStop);
            Assert.Equal(JobRejection.IdInUse, another.Reason);
            Assert.Equal(JobStatus.Completed, report.Status);
            Assert.Equal(spec.Questions.Select(q => q.Id), results.Select(r => r.QuestionId));
        }
    }
}
