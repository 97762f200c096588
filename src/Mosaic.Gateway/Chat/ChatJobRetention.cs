using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mosaic.Abstractions.Jobs;
using Mosaic.Client;
using Mosaic.Gateway.Hosting;

namespace Mosaic.Gateway.Chat;

/// <summary>
/// Keeps the one-question jobs behind chat completions and responses (and the warm-up jobs) for
/// <see cref="GatewayOptions.ChatJobRetention"/> after they ended, so a gateway answering requests for weeks does not grow
/// its store by every request (about 7 KB each; no deletion mark is kept either). The cluster deletes them
/// (<see cref="JobSpec.Retention"/>, at least <see cref="ClusterMinimum"/> after the end so that the answer is read
/// first), also when the gateway that submitted them has stopped; with a retention of zero this gateway deletes each one
/// as soon as its answer is read.
/// </summary>
internal sealed partial class ChatJobRetention(IMosaicClient client, IOptions<GatewayOptions> options, TimeProvider time, ILogger<ChatJobRetention> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);
    /// <summary>The shortest retention the cluster is given: a job must outlive the read of its answer.</summary>
    public static readonly TimeSpan ClusterMinimum = TimeSpan.FromMinutes(1);

    private readonly ConcurrentQueue<(string JobId, DateTimeOffset Due)> _due = new();

    /// <summary>The job with the retention the cluster deletes it after; unchanged when retention is off (null or negative).</summary>
    public JobSpec Apply(JobSpec spec) =>
        options.Value.ChatJobRetention is { } retention && retention >= TimeSpan.Zero
            ? spec with { Retention = retention > ClusterMinimum ? retention : ClusterMinimum }
            : spec;

    /// <summary>
    /// The job's answer has been read: with a retention of zero it is forgotten now, else the cluster does it. A job whose
    /// request was <paramref name="refused"/> (a 4xx: the client never learns its id) is forgotten now whatever the
    /// retention, so refused requests, up to the largest body the gateway takes each, do not pile up in the store.
    /// </summary>
    public void Ended(string jobId, bool refused = false)
    {
        if (refused || options.Value.ChatJobRetention == TimeSpan.Zero)
        {
            _due.Enqueue((jobId, time.GetUtcNow()));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ForgetDueAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Forgets every job whose time has come; one the cluster cannot forget yet (still ending, or unreachable) is tried again later.</summary>
    private async Task ForgetDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var retry = new List<(string, DateTimeOffset)>();
        while (!ct.IsCancellationRequested && _due.TryPeek(out var head) && head.Due <= now && _due.TryDequeue(out head))
        {
            try
            {
                await client.ForgetAsync(head.JobId, reserveId: false); // its id is a fresh GUID, never submitted again
            }
            catch (JobNotFoundException)
            {
                // forgotten already (DELETE /v1/jobs/{id})
            }
            catch (Exception e) when (e is InvalidOperationException || ClusterErrors.IsUnavailable(e))
            {
                retry.Add((head.JobId, now + RetryAfter));
                LogRetry(logger, head.JobId, e.Message);
            }
        }

        retry.ForEach(_due.Enqueue);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Chat job {Job} could not be forgotten yet ({Error}); trying again in a minute")]
    private static partial void LogRetry(ILogger logger, string job, string error);
}
