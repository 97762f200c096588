using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;

namespace Mosaic.Abstractions;

/// <summary>A MoA job, keyed by job id: route → plan → dispatch → gate → aggregate → record.</summary>
[Alias("mosaic.job")]
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>Validates, plans and starts the job; a rejected job writes no state. Planning may use the whole ILP time limit.</summary>
    [Alias("submit")]
    [ResponseTimeout("00:05:00")]
    Task<SubmitResult> SubmitAsync(JobSpec spec);

    /// <summary>
    /// Whether this activation is admitting a submit now (routing, validating, planning). A submitter whose answer is
    /// late asks it: an activation that is not admitting, of a job with no report, has lost the submit with its silo.
    /// </summary>
    [Alias("is-admitting")]
    Task<bool> IsAdmittingAsync();

    /// <summary>The report, or null for a job id that was never accepted.</summary>
    [Alias("report")]
    Task<JobReport?> GetReportAsync();

    /// <summary>Up to <paramref name="maxCount"/> answered questions in question order, starting at question index <paramref name="from"/>.</summary>
    [Alias("results")]
    Task<ResultPage> GetResultsAsync(int from, int maxCount);

    /// <summary>The plan the expert stage runs on: each worker's sessions in order, with predicted times.</summary>
    [Alias("plan")]
    Task<JobPlanView?> GetPlanAsync();

    /// <summary>
    /// What every live worker did for this job, in wall time: model loads, expert and aggregator sessions, skipped
    /// sessions; ordered by start. Workers keep the timelines of their recent jobs in memory, so a worker that has
    /// restarted since contributes nothing.
    /// </summary>
    [Alias("timeline")]
    Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync();

    /// <summary>
    /// Progress events until the job ends. One arrives at least every half second, so a watcher never trips the
    /// per-element response timeout however long the job runs.
    /// </summary>
    [Alias("watch")]
    IAsyncEnumerable<JobProgress> WatchAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops the job: pending expert calls are cancelled and running generations stop.</summary>
    [Alias("cancel")]
    Task CancelAsync();

    /// <summary>
    /// Deletes an ended job: its rows (spec, outputs, results) and its state but a mark that keeps its id from being
    /// used again (workers may still remember the old job's calls). False, and nothing deleted, while the job runs or
    /// when there is no such job.
    /// </summary>
    [Alias("forget")]
    Task<bool> ForgetAsync();

    /// <summary>
    /// As <see cref="ForgetAsync"/>, without the mark: for a job whose id is generated and never used again (the
    /// gateway's chat jobs), so that a service answering requests for weeks does not keep a row per request.
    /// </summary>
    [Alias("discard")]
    Task<bool> DiscardAsync();
}
