using Orleans.Runtime;

namespace Mosaic.Gateway.Hosting;

/// <summary>Which failures mean "the cluster cannot be reached right now" (503) rather than a defect (500).</summary>
internal static class ClusterErrors
{
    public static bool IsUnavailable(Exception e) => e switch
    {
        TimeoutException or OrleansException => true,
        InvalidOperationException when e.Message.Contains("not connected", StringComparison.OrdinalIgnoreCase) => true,

        // A client that has not reached any gateway has no cluster manifest yet, so it knows no grain type for the
        // Mosaic interfaces (which every silo implements): Orleans says so with this ArgumentException.
        ArgumentException when e.Message.StartsWith("Could not find an implementation for interface", StringComparison.Ordinal) => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsUnavailable),
        _ => e.InnerException is { } inner && IsUnavailable(inner),
    };
}
