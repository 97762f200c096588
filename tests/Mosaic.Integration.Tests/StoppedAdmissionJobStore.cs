using Mosaic.Storage.Jobs;

namespace Mosaic.Integration.Tests;

/// <summary>
/// A job store whose first recording of each job's spec lands and then fails the admission that wrote it, as the death
/// of the admitting silo between recording the id and writing the job's state would: the id is in the store, the job
/// has no state, nothing was dispatched.
/// </summary>
internal sealed class StoppedAdmissionJobStore(IJobStore inner) : ForwardingJobStore(inner)
{
    private readonly HashSet<string> _stopped = new(StringComparer.Ordinal);

    public override async Task<bool> TryCreateJobAsync(string jobId, ReadOnlyMemory<byte> spec, CancellationToken ct = default)
    {
        var created = await Inner.TryCreateJobAsync(jobId, spec, ct);
        lock (_stopped)
        {
            if (!created || !_stopped.Add(jobId))
            {
                return created;
            }
        }

        throw new IOException($"the silo admitting job {jobId} stopped after recording its spec");
    }
}
