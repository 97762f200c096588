using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Client;
using Orleans.Runtime;

namespace Mosaic.Gateway.Tests;

/// <summary>
/// The cluster's own client, whose first submits meet a silo that was just lost, as a gateway's do while the cluster
/// has not yet declared it dead: <paramref name="refused"/> submits fail before reaching any job grain, then
/// <paramref name="answerLost"/> reach it and create the job but lose their answer with the silo, then
/// <paramref name="unanswered"/> are sent to a silo that dies before answering and never hear back.
/// </summary>
internal sealed class LostSiloClient(IMosaicClient cluster, int refused, int answerLost, int unanswered = 0) : IMosaicClient
{
    public int Submits { get; private set; }

    public async Task<string> SubmitAsync(JobSpec spec, string? jobId = null)
    {
        Submits++;
        if (Submits <= refused)
        {
            throw new SiloUnavailableException("Unable to connect to S127.0.0.1:11112: the silo is gone");
        }

        if (Submits > refused + answerLost && Submits <= refused + answerLost + unanswered)
        {
            await Task.Delay(Timeout.Infinite);
        }

        var id = await cluster.SubmitAsync(spec, jobId);
        return Submits <= refused + answerLost ? throw new SiloUnavailableException("The silo died before answering") : id;
    }

    public IAsyncEnumerable<JobProgress> WatchAsync(string jobId, CancellationToken cancellationToken = default) => cluster.WatchAsync(jobId, cancellationToken);

    public Task<JobReport> WaitForCompletionAsync(string jobId, CancellationToken cancellationToken = default) => cluster.WaitForCompletionAsync(jobId, cancellationToken);

    public Task<JobReport> WaitForCompletionAsync(string jobId, Action<JobProgress> onProgress, CancellationToken cancellationToken = default) =>
        cluster.WaitForCompletionAsync(jobId, onProgress, cancellationToken);

    public Task<JobReport?> GetReportAsync(string jobId) => cluster.GetReportAsync(jobId);

    public Task<ResultPage> GetResultPageAsync(string jobId, int from = 0, int maxCount = 1000) => cluster.GetResultPageAsync(jobId, from, maxCount);

    public Task<IReadOnlyList<QuestionResult>> GetResultsAsync(string jobId, CancellationToken cancellationToken = default) => cluster.GetResultsAsync(jobId, cancellationToken);

    public Task<JobPlanView?> GetPlanAsync(string jobId) => cluster.GetPlanAsync(jobId);

    public Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string jobId) => cluster.GetTimelineAsync(jobId);

    public Task CancelAsync(string jobId) => cluster.CancelAsync(jobId);

    public Task ForgetAsync(string jobId, bool reserveId = true) => cluster.ForgetAsync(jobId, reserveId);

    public Task<ClusterStatus> GetClusterStatusAsync() => cluster.GetClusterStatusAsync();
}
