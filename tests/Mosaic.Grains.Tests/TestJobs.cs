using Mosaic.Grains.Backends;

namespace Mosaic.Grains.Tests;

/// <summary>
/// The questions the emulated backend sees in these tests: any job has questions q0 … q999 and aggregator
/// <c>agg</c>, so tests may use their own job ids without storing a spec.
/// </summary>
internal sealed class TestJobs : IEmulatedJobSource
{
    public static readonly IReadOnlyList<string> QuestionIds = [.. Enumerable.Range(0, 1000).Select(i => $"q{i}")];

    public Task<EmulatedJob> GetAsync(string jobId, CancellationToken cancellationToken) =>
        Task.FromResult(new EmulatedJob(QuestionIds, "agg"));
}
