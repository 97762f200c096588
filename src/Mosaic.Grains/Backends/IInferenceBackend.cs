using Mosaic.Grains.Devices;

namespace Mosaic.Grains.Backends;

/// <summary>
/// Runs models on one worker's device. A device calls it from a single loop: load an expert, generate batches for
/// it (completing each request as it finishes, skipping cancelled ones), unload.
/// </summary>
internal interface IInferenceBackend
{
    /// <summary>Shown with every result: <c>torchsharp</c>, or <c>emulated</c> for the profile-driven emulation.</summary>
    string Name { get; }

    bool IsEmulated { get; }

    Task LoadAsync(string expert, CancellationToken cancellationToken);

    Task UnloadAsync(string expert);

    /// <summary>Generates every request of the batch, completing each through its <see cref="PendingRequest"/>.</summary>
    Task GenerateAsync(string expert, IReadOnlyList<PendingRequest> batch, CancellationToken cancellationToken);
}
