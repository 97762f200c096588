namespace Mosaic.Grains.Devices;

/// <summary>A worker's control surface, keyed by worker id and placed on that worker's silo.</summary>
[Alias("mosaic.worker")]
internal interface IWorkerGrain : IGrainWithStringKey
{
    [Alias("prepare")]
    Task PrepareAsync(string jobId, IReadOnlyList<SessionOrder> sessions);

    [Alias("close")]
    Task CloseAsync(string jobId);

    [Alias("cancel-job")]
    Task CancelJobAsync(string jobId);

    /// <summary>How many model loads this worker's device has performed.</summary>
    [Alias("loads")]
    Task<int> GetLoadCountAsync();
}
