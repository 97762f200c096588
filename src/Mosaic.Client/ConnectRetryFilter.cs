using Microsoft.Extensions.Logging;

namespace Mosaic.Client;

/// <summary>
/// Retries the first connection to the cluster forever, at a fixed interval, until the host stops; says so in one line
/// at the first failure and then every <see cref="ReportEvery"/>, not once per attempt with a stack trace. A host stopped
/// meanwhile ends the start as cancelled (<see cref="OperationCanceledException"/>), as the hosts expect a stopped start
/// to end: declining the retry instead would make Orleans throw the last connection error, which a gateway stopped by
/// SIGTERM, or by its port being taken, then reported as a crash with a stack trace. The line names the ids the client
/// joins with: a silo of another cluster id closes the connection with no more than "Underlying connection closed".
/// </summary>
internal sealed partial class ConnectRetryFilter(TimeSpan interval, string clusterId, string serviceId, ILogger<ConnectRetryFilter> logger)
    : IClientConnectionRetryFilter
{
    public static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(30);

    private DateTimeOffset? _reported;
    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        _attempts++;
        var now = DateTimeOffset.UtcNow;
        if (_reported is not { } last || now - last >= ReportEvery)
        {
            _reported = now;
            LogWaiting(logger, clusterId, serviceId, _attempts, Describe(exception), interval.TotalSeconds);
        }

        await Task.Delay(interval, cancellationToken);
        return true;
    }

    /// <summary>Orleans' words and, when it has one, the innermost cause's ("Unable to connect to 127.0.0.1:1. Error: ConnectionRefused").</summary>
    private static string Describe(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        return innermost == exception ? FirstLine(exception.Message) : $"{FirstLine(exception.Message)}: {FirstLine(innermost.Message)}";
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd('\r', '.');

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No silo of the cluster has answered yet (cluster id '{ClusterId}', service id '{ServiceId}'; attempt {Attempts}: {Error}); trying again every {Seconds} s")]
    private static partial void LogWaiting(ILogger logger, string clusterId, string serviceId, int attempts, string error, double seconds);
}
