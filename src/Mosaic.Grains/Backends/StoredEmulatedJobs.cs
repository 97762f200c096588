using Mosaic.Abstractions.Jobs;
using Mosaic.Storage.Jobs;
using Orleans.Serialization;

namespace Mosaic.Grains.Backends;

/// <summary>Reads a job's questions from its stored spec (written at submit, before any call is sent).</summary>
internal sealed class StoredEmulatedJobs(IJobStore store, Serializer serializer) : IEmulatedJobSource
{
    public async Task<EmulatedJob> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        var bytes = await store.ReadSpecAsync(jobId, cancellationToken)
            ?? throw new InvalidOperationException($"job '{jobId}' has no stored spec: the emulated backend draws every call from the job's questions");
        var spec = serializer.Deserialize<JobSpec>(bytes)!;
        return new EmulatedJob(spec.Questions.Select(q => q.Id).ToArray(), spec.Aggregator);
    }
}
