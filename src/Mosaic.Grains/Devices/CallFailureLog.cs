using Microsoft.Extensions.Logging;
using Mosaic.Inference.Prompting;

namespace Mosaic.Grains.Devices;

/// <summary>
/// Logs a worker's failed calls without one line per call: two client batches of 50,000 over-long prompts each wrote
/// 175 MB of warnings on two silos (2026-12-06). A request that could never run (over the context length or the KV
/// budget, a prompt the template refuses) is the client's error and goes to Debug; <c>mosaic_calls_total{status="failed"}</c>
/// counts every call either way. Other failures are warnings: the first of each job in each period in full, the rest
/// counted and reported as one line when a failure comes after the period has passed.
/// </summary>
internal sealed class CallFailureLog(ILogger logger, TimeProvider time, TimeSpan period)
{
    private readonly object _lock = new();
    private readonly HashSet<string> _loggedJobs = [];
    private long _periodStart = time.GetTimestamp();
    private int _unlogged;

    public void Failed(string worker, InferenceRequest request, Exception error)
    {
        if (IsClientError(error))
        {
            logger.LogDebug("Worker {Worker}: call {Call} of job {Job} on {Expert} refused: {Error}", worker, request.Key, request.JobId, request.Expert, error.Message);
            return;
        }

        int summarized;
        bool first;
        lock (_lock)
        {
            summarized = 0;
            if (time.GetElapsedTime(_periodStart) >= period)
            {
                (summarized, _unlogged) = (_unlogged, 0);
                _loggedJobs.Clear();
                _periodStart = time.GetTimestamp();
            }

            first = _loggedJobs.Add(request.JobId);
            if (!first)
            {
                _unlogged++;
            }
        }

        if (summarized > 0)
        {
            logger.LogWarning("Worker {Worker}: {Count} more calls failed in the last {Seconds:0} s (one line per job and period)", worker, summarized, period.TotalSeconds);
        }

        if (first)
        {
            logger.LogWarning("Worker {Worker}: call {Call} of job {Job} on {Expert} failed: {Error}", worker, request.Key, request.JobId, request.Expert, error.Message);
        }
    }

    // The backends refuse a request that can never run with a plain ArgumentException (BatchLimits.CheckFits); its
    // subclasses (a null or out-of-range argument) are defects and stay warnings.
    private static bool IsClientError(Exception e) => e is PromptFormatException || e.GetType() == typeof(ArgumentException);
}
