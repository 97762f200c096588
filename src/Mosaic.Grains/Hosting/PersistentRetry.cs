using Microsoft.Extensions.Logging;

namespace Mosaic.Grains.Hosting;

/// <summary>
/// Runs a store write or an outcome report again, with backoff from 50 ms to 2 s, until it succeeds or the caller's
/// <c>mayRetry</c> says stop: a storage outage or a lost silo delays a job, it does not lose what the job computed. Until
/// 2026-12-06 these gave up after 30 s, or at once on an error that was not Orleans' own (a PostgreSQL restart), and a
/// job could wait for good on outcomes its workers had thrown away. The first failure is logged, then one line every
/// 30 s while it lasts, so an outage of many jobs does not flood the log. A job the store no longer has
/// (<see cref="KeyNotFoundException"/>: deleted while its calls ran) never comes back, so that error is never retried,
/// whatever the caller says: retried, it held every later write of its worker behind it for good.
/// </summary>
internal sealed class PersistentRetry(TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LastBackoff = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs <paramref name="attempt"/> until it succeeds (true), the job is gone, or <paramref name="mayRetry"/>, given
    /// the error and the next backoff, refuses a retry (false, logged as given up).
    /// </summary>
    public async Task<bool> RunAsync(Func<Task> attempt, string what, Func<Exception, TimeSpan, bool> mayRetry)
    {
        var start = time.GetTimestamp();
        var backoff = FirstBackoff;
        var failures = 0;
        long? loggedAt = null;
        while (true)
        {
            try
            {
                await attempt();
                if (failures > 0)
                {
                    logger.LogInformation("{What} succeeded after {Failures} failed attempts over {Seconds:0.#} s", what, failures, time.GetElapsedTime(start).TotalSeconds);
                }

                return true;
            }
            catch (Exception e) when (e is not KeyNotFoundException && mayRetry(e, backoff))
            {
                failures++;
                if (loggedAt is not { } at || time.GetElapsedTime(at) >= LogInterval)
                {
                    logger.LogWarning("{What} failed ({Error}); retrying until it succeeds ({Failures} attempts over {Seconds:0.#} s so far)",
                        what, e.Message, failures, time.GetElapsedTime(start).TotalSeconds);
                    loggedAt = time.GetTimestamp();
                }

                await Task.Delay(backoff, time);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, LastBackoff.Ticks));
            }
            catch (Exception e)
            {
                logger.LogWarning("{What} failed, giving up after {Failures} earlier failures: {Error}", what, failures, e.Message);
                return false;
            }
        }
    }
}
