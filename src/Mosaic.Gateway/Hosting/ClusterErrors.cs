using System.Text.RegularExpressions;
using Orleans.Runtime;

namespace Mosaic.Gateway.Hosting;

/// <summary>Which failures mean "the cluster cannot be reached right now" (503) rather than a defect (500).</summary>
internal static partial class ClusterErrors
{
    /// <summary>A 503's <c>Retry-After</c>: silos restarting or being declared dead take seconds.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public static bool IsUnavailable(Exception e) => e switch
    {
        TimeoutException or OrleansException or Client.ClusterUnavailableException => true,
        InvalidOperationException when e.Message.Contains("not connected", StringComparison.OrdinalIgnoreCase) => true,

        // The process is shutting down and its cluster client has gone: the cluster cannot be reached from here.
        ObjectDisposedException when e.Message.Contains("OutsideRuntimeClient", StringComparison.Ordinal) || e.Message.Contains("ClusterClient", StringComparison.Ordinal) => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsUnavailable),
        _ => e.InnerException is { } inner && IsUnavailable(inner),
    };

    /// <summary>Why the cluster cannot be reached, in words a user can act on.</summary>
    public static string Reason(Exception e) => e switch
    {
        // The client's own line names the cluster, its gateways and the cause: it kept asking for its patience, or it is
        // connected to no silo (one it never reached, where Orleans' own words name a missing grain type).
        Client.ClusterUnavailableException => ErrorLine.First(e.Message),
        ObjectDisposedException => "this process is shutting down",
        AggregateException { InnerExceptions: [var first, ..] } => Reason(first),

        _ => FirstLineWithItsCause(e),
    };

    /// <summary>
    /// Orleans' messages can carry an inner exception's stack trace on the lines after the first, and can end with "See
    /// InnerException", which an HTTP client never sees: the innermost exception's first line is said instead.
    /// </summary>
    private static string FirstLineWithItsCause(Exception e)
    {
        var first = ErrorLine.First(e.Message);
        var withoutPointer = SeeInner().Replace(first, "").Trim();
        if (withoutPointer.Length == first.Length || e.InnerException is null)
        {
            return withoutPointer;
        }

        var innermost = e.InnerException;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        return $"{withoutPointer} ({ErrorLine.First(innermost.Message)})";
    }

    [GeneratedRegex(@"\.?\s*See InnerException( for details)?\.?", RegexOptions.IgnoreCase)]
    private static partial Regex SeeInner();
}
