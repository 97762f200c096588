using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Mosaic.Client;

/// <summary>
/// Retries the first connection to the cluster at a fixed interval: until the host stops when the client has no
/// <paramref name="timeout"/> (<see cref="MosaicClientOptions.ConnectRetryInterval"/>: a gateway that starts before its
/// silos), else for that long (<see cref="MosaicClientOptions.ConnectTimeout"/>), after which the start fails with one
/// <see cref="ClusterUnavailableException"/> naming the cluster and the most telling cause seen: a silo of another
/// cluster id only closes the connection, which Orleans says as "Connection terminated prematurely" (and as "Unexpected
/// cluster id" when the silo's answer arrived first). Until 2026-12-06 such a client tried for about three minutes
/// with a stack trace per attempt. Says so in one line at the first failure and then every <see cref="ReportEvery"/>,
/// not once per attempt. A host stopped meanwhile ends the start as cancelled (<see cref="OperationCanceledException"/>),
/// as the hosts expect a stopped start to end: declining the retry instead would make Orleans throw the last connection
/// error, which a gateway stopped by SIGTERM, or by its port being taken, then reported as a crash with a stack trace.
/// </summary>
internal sealed partial class ConnectRetryFilter(TimeSpan interval, TimeSpan? timeout, ClusterContact cluster, ILogger<ConnectRetryFilter> logger)
    : IClientConnectionRetryFilter
{
    public static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(30);

    private const string ClosedAtOnce = "a silo accepted the connection and closed it at once, as a silo of another cluster id does";

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private DateTimeOffset? _reported;
    private int _attempts;
    private (int Rank, string Text)? _cause;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        _attempts++;
        var cause = Cause(exception);
        if (_cause is not { } kept || cause.Rank >= kept.Rank)
        {
            _cause = cause;
        }

        var remaining = timeout is { } bound ? bound - _clock.Elapsed : Timeout.InfiniteTimeSpan;
        if (timeout is { } limit && remaining <= TimeSpan.Zero)
        {
            throw cluster.NotReached(limit, _cause.Value.Text, exception);
        }

        var now = DateTimeOffset.UtcNow;
        if (_reported is not { } last || now - last >= ReportEvery)
        {
            _reported = now;
            LogWaiting(logger, timeout is null ? LogLevel.Warning : LogLevel.Information, cluster.Cluster, _attempts, cause.Text, interval.TotalSeconds);
        }

        await Task.Delay(timeout is null || remaining > interval ? interval : remaining, cancellationToken);
        return true;
    }

    /// <summary>
    /// What an attempt's failure says, ranked by how much it tells: Orleans' cluster id mismatch, then a connection a
    /// silo closed at once, then any other cause; a connection not even tried ("will retry after 988ms", an earlier
    /// failure remembered) tells nothing of its own.
    /// </summary>
    private static (int Rank, string Text) Cause(Exception exception)
    {
        var messages = Chain(exception).Select(e => e.Message).ToArray();
        if (messages.Select(m => Mismatch().Match(m)).FirstOrDefault(m => m.Success) is { } mismatch)
        {
            return (3, $"Orleans reported a cluster id mismatch: the silo runs cluster id '{mismatch.Groups["theirs"].Value}', not '{mismatch.Groups["ours"].Value}'");
        }

        if (messages.Any(m => m.Contains("Connection terminated prematurely", StringComparison.Ordinal) || m.Contains("Underlying connection closed", StringComparison.Ordinal)))
        {
            return (2, ClosedAtOnce);
        }

        return (messages.Any(m => m.Contains("will retry after", StringComparison.Ordinal)) ? 0 : 1, ClusterFailures.Cause(exception));
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? link = e; link is not null; link = link.InnerException)
        {
            yield return link;
        }
    }

    [GeneratedRegex("Unexpected cluster id \"(?<theirs>[^\"]*)\", expected \"(?<ours>[^\"]*)\"")]
    private static partial Regex Mismatch();

    [LoggerMessage(Message = "No silo of the cluster has answered yet ({Cluster}; attempt {Attempts}: {Error}); trying again every {Seconds} s")]
    private static partial void LogWaiting(ILogger logger, LogLevel level, string cluster, int attempts, string error, double seconds);
}
