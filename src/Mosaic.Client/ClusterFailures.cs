using System.Text.RegularExpressions;
using Orleans.Runtime.Messaging;

namespace Mosaic.Client;

/// <summary>Which Orleans failures of a call mean "no silo took it" (asked again, then <see cref="ClusterUnavailableException"/>), and their cause in one line.</summary>
internal static partial class ClusterFailures
{
    public static bool IsUnreachable(Exception e) =>
        e is SiloUnavailableException or ConnectionFailedException or OrleansMessageRejectionException or EnumerationAbortedException || IsNotConnectedYet(e);

    /// <summary>
    /// The innermost exception's first line, without Orleans' "will retry after 988ms" (nothing retries a failed call)
    /// or "See InnerException" ("Unable to connect to 127.0.0.1:21112. Error: ConnectionRefused").
    /// </summary>
    public static string Cause(Exception e)
    {
        if (IsNotConnectedYet(e))
        {
            return "no silo has answered this client yet";
        }

        var innermost = e;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        return RetryAfter().Replace(FirstLine(innermost.Message), "").TrimEnd('.', ' ');
    }

    /// <summary>
    /// A client that has not reached any gateway has no cluster manifest yet, so it knows no grain type for the Mosaic
    /// interfaces (which every silo implements): Orleans says so with an <see cref="ArgumentException"/>.
    /// </summary>
    public static bool IsNotConnectedYet(Exception e) =>
        e is ArgumentException && e.Message.StartsWith("Could not find an implementation for interface", StringComparison.Ordinal);

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd('\r');

    [GeneratedRegex(@"(, will retry after [0-9.]+ ?ms|\.? See InnerException( for details)?)\.?", RegexOptions.IgnoreCase)]
    private static partial Regex RetryAfter();
}
