using Mosaic.Grains.Devices;

namespace Mosaic.Grains.Backends;

/// <summary>
/// Runs models on one worker's device. The device loop loads one expert at a time and hands it calls as they arrive;
/// many calls of the loaded expert are in flight together and the backend batches them (continuous batching: a call
/// that arrives while others run joins the running batch).
/// </summary>
internal interface IInferenceBackend
{
    /// <summary>Shown with every result: <c>torchsharp</c>, or <c>emulated</c> for the profile-driven emulation.</summary>
    string Name { get; }

    bool IsEmulated { get; }

    /// <summary>
    /// Most calls of the resident model that can generate together (its KV-cache rows); the device never has more in
    /// flight. <see cref="int.MaxValue"/> when only the device's batch size limits it.
    /// </summary>
    int BatchLimit { get; }

    /// <summary>Makes <paramref name="expert"/> the resident model (the device unloads the previous one first).</summary>
    Task LoadAsync(string expert, CancellationToken cancellationToken);

    Task UnloadAsync(string expert);

    /// <summary>
    /// Generates one call of the resident expert; completes when it has finished, or is cancelled. While it runs, a
    /// non-null <paramref name="onText"/> is given the text so far now and then (each a prefix of the next and of the
    /// output's text); it must return at once.
    /// </summary>
    Task<InferenceOutput> GenerateAsync(InferenceRequest request, Action<string>? onText, CancellationToken cancellationToken);
}
