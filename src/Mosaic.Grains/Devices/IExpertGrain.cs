namespace Mosaic.Grains.Devices;

/// <summary>
/// One expert replica on one worker, keyed <c>expert@worker</c>, placed on that worker's silo; stateless, re-entrant.
/// Requests are queued on the worker's device and answered asynchronously: each call's outcome is persisted and
/// reported to the job's aggregation grain, so no grain call waits for a generation (which can take minutes).
/// </summary>
[Alias("mosaic.expert")]
internal interface IExpertGrain : IGrainWithStringKey
{
    /// <summary>Queues every request (all for this replica's expert); returns once they are queued.</summary>
    [Alias("submit")]
    Task SubmitAsync(IReadOnlyList<InferenceRequest> requests);
}
