namespace Mosaic.Grains.Devices.Sessions;

/// <summary>A call waiting in a session, and when it reached the worker (on the device's clock): its queue wait ends when it is admitted.</summary>
internal readonly record struct QueuedCall(InferenceRequest Request, TimeSpan Arrived);
