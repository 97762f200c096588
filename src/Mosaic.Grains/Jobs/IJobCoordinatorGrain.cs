namespace Mosaic.Grains.Jobs;

/// <summary>The job's side of the query protocol (same grain as the client-facing job grain).</summary>
[Alias("mosaic.job-coordinator")]
internal interface IJobCoordinatorGrain : IGrainWithStringKey
{
    /// <summary>Picks the worker that should run a question's aggregator call, avoiding <paramref name="failedWorker"/>.</summary>
    [Alias("assign-aggregator")]
    Task<string> AssignAggregatorAsync(string questionId, string? failedWorker);

    /// <summary>
    /// A slot's worker failed: re-plans that worker's unfinished prompts on the remaining workers (once per failure)
    /// and returns the slot's new worker and request id.
    /// </summary>
    [Alias("reassign")]
    Task<Queries.SlotAssignment> ReassignAsync(string questionId, Queries.SlotAssignment failed);
}
