using Mosaic.Grains.Devices.Sessions;

namespace Mosaic.Grains.Devices;

/// <summary>A call the device has started: what it is, which session admitted it, and how to stop it.</summary>
internal sealed class RunningCall(InferenceRequest request, AdmitDecision session, CancellationTokenSource stop)
{
    public InferenceRequest Request { get; } = request;

    public AdmitDecision Session { get; } = session;

    /// <summary>Linked to the device's shutdown.</summary>
    public CancellationTokenSource Stop { get; } = stop;
}
