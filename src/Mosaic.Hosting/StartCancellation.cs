using Orleans;

namespace Mosaic.Hosting;

/// <summary>
/// Whether a host's start failed only because it was stopped (SIGTERM or Ctrl+C while it still joined or connected to
/// its cluster): one cancellation, or several services' cancellations in the host's AggregateException.
/// </summary>
public static class StartCancellation
{
    public static bool Is(Exception e) =>
        e is OperationCanceledException or OrleansLifecycleCanceledException
        || (e is AggregateException a && a.Flatten().InnerExceptions.All(i => i is OperationCanceledException or OrleansLifecycleCanceledException));
}
