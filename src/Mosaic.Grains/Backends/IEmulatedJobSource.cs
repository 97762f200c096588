namespace Mosaic.Grains.Backends;

/// <summary>Where the emulated backend learns a job's questions.</summary>
internal interface IEmulatedJobSource
{
    /// <exception cref="InvalidOperationException">The job is unknown.</exception>
    Task<EmulatedJob> GetAsync(string jobId, CancellationToken cancellationToken);
}
