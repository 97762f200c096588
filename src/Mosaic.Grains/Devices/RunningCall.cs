using Mosaic.Grains.Devices.Sessions;

namespace Mosaic.Grains.Devices;

/// <summary>A call the device has started: what it is, which session admitted it, how long it waited, and how to stop it.</summary>
internal sealed class RunningCall(InferenceRequest request, AdmitDecision session, TimeSpan waited, CancellationTokenSource stop)
{
    public InferenceRequest Request { get; } = request;

    /// <summary>From arriving on the worker to joining the running batch.</summary>
    public TimeSpan Waited { get; } = waited;

    public AdmitDecision Session { get; } = session;

    /// <summary>Linked to the device's shutdown.</summary>
    public CancellationTokenSource Stop { get; } = stop;

    /// <summary>Stopped by an eviction (set under the device's lock): if it ends stopped, it is queued again, not reported.</summary>
    public bool Evicted { get; set; }
}
