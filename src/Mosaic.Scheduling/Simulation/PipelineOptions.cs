using Mosaic.Aggregation.Gating;

namespace Mosaic.Scheduling.Simulation;

/// <summary>
/// How the two stages run.
/// </summary>
/// <param name="Gate">The confidence gate; null sends every question to the aggregator (full aggregation).</param>
/// <param name="EarlyDecisions">Decide a question as soon as the gate's outcome can no longer change and cancel its
/// pending expert calls (lossless early decisions).</param>
/// <param name="OverlapStages">No barrier: each worker that finishes its expert sessions becomes a TP = 1 aggregator
/// replica and takes aggregator calls as questions become ready. Without it, one TP = 4 aggregator runs every
/// aggregated question after the last expert call (the paper).</param>
public sealed record PipelineOptions(GateSettings? Gate, bool EarlyDecisions = false, bool OverlapStages = false)
{
    public static PipelineOptions FullAggregation { get; } = new(Gate: null);
}
