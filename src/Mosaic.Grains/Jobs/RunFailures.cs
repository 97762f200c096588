using Mosaic.Scheduling;
using Orleans.Storage;

namespace Mosaic.Grains.Jobs;

/// <summary>
/// Only a plan that cannot exist fails a job. A superseded activation stops; anything else (a worker or silo going
/// away, a timeout, this silo shutting down) is retried, a bounded number of times in a row.
/// </summary>
internal static class RunFailures
{
    public const int MaxAttemptsInARow = 10;

    /// <param name="retriedInARow">Failures already retried since the last generation that went through.</param>
    public static RunFailure Classify(Exception error, int liveWorkers, int retriedInARow) => error switch
    {
        InconsistentStateException or StaleGenerationException => RunFailure.Superseded,
        InvalidInstanceException when liveWorkers == 0 => RunFailure.WaitForWorkers,
        InvalidInstanceException => RunFailure.Fatal,
        _ when retriedInARow >= MaxAttemptsInARow => RunFailure.Fatal,
        _ => RunFailure.Retry,
    };
}
