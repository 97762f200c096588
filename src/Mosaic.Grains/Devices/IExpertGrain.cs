namespace Mosaic.Grains.Devices;

/// <summary>One expert replica on one worker, keyed <c>expert@worker</c>; stateless and re-entrant.</summary>
[Alias("mosaic.expert")]
internal interface IExpertGrain : IGrainWithStringKey
{
    /// <summary>
    /// Runs one request in the worker's current or a later session. Generations can take many minutes, so the
    /// response timeout is set deliberately long; callers stop work through the cancellation token instead.
    /// </summary>
    [Alias("generate")]
    [ResponseTimeout("06:00:00")]
    Task<InferenceOutput> GenerateAsync(InferenceRequest request, CancellationToken cancellationToken = default);

    /// <summary>Cancels a request even if it has not arrived yet (it is then refused on arrival).</summary>
    [Alias("cancel")]
    Task CancelAsync(string jobId, string requestId);
}
