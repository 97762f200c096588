using Mosaic.Storage.Jobs;

namespace Mosaic.Integration.Tests;

/// <summary>
/// A job store whose result writes land but, the first <paramref name="lostAcks"/> times after every other write, report
/// a failure (a connection reset after the commit): the writer cannot tell a landed write from a lost one.
/// </summary>
internal sealed class AckLostJobStore(IJobStore inner, int lostAcks) : ForwardingJobStore(inner)
{
    private int _writes;
    private int _lost;

    /// <summary>Result writes that landed and were reported failed.</summary>
    public int Lost => Volatile.Read(ref _lost);

    public override async Task SaveResultsAsync(string jobId, IReadOnlyList<StoredResult> results, CancellationToken ct = default)
    {
        await Inner.SaveResultsAsync(jobId, results, ct);
        lock (Inner)
        {
            if (++_writes % 2 == 1 || _lost == lostAcks)
            {
                return;
            }

            _lost++;
        }

        throw new IOException($"the connection was reset after {results.Count} result rows of job {jobId} were committed");
    }
}
