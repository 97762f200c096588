using Mosaic.Grains.Jobs;

namespace Mosaic.Grains.Aggregation;

/// <summary>The job's control of its aggregation grain (same grain as <see cref="IAggregationGrain"/>).</summary>
[Alias("mosaic.aggregation-control")]
internal interface IAggregationControl : IGrainWithStringKey
{
    /// <summary>
    /// Starts generation <see cref="AggregationSetup.Generation"/>: reads the spec, the answered questions and every
    /// persisted call output, decides what they decide, and returns the expert calls still to run (not finished,
    /// not cancelled, not running, of undecided questions).
    /// </summary>
    [Alias("start")]
    [ResponseTimeout("00:10:00")]
    Task<IReadOnlyList<PendingCall>> StartAsync(AggregationSetup setup);

    [Alias("plan-update")]
    Task UpdatePlanAsync(PlanUpdate update);

    /// <summary>The running generation and counters; generation 0 means this activation lost its run and must be restarted.</summary>
    [Alias("progress")]
    Task<AggregationProgress> GetProgressAsync();

    /// <summary>
    /// The job ended: drop everything and stop dispatching. Returns the counters of the stopped generation, which
    /// count every result row written before the stop (null when this activation was not running that generation).
    /// </summary>
    [Alias("stop")]
    Task<JobCounters?> StopAsync(int generation);
}
