using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation;
using Mosaic.Aggregation.Gating;

namespace Mosaic.Cli.Demo;

/// <summary>
/// One configuration the demo runs through the grains: its name, scheduler, gate, whether stages overlap and whether
/// a question's slots routed to the same expert share one call.
/// </summary>
internal sealed record DemoRunConfig(string Name, SchedulerKind Scheduler, GateSpec Gate, bool OverlapStages, bool ShareRepeatedCalls = false)
{
    /// <summary>
    /// The four runs, baseline first: the paper's baseline (round robin, every question aggregated, a barrier between
    /// the stages), MOSAIC as published (ILP, vote gate τ = 2/3, no extensions), MOSAIC with the conservative gate
    /// τ = 1, and this project's defaults (ILP, τ = 2/3, early decisions, stage overlap, shared repeated calls).
    /// </summary>
    public static IReadOnlyList<DemoRunConfig> All { get; } =
    [
        new("baseline", SchedulerKind.RoundRobin, GateSpec.Off, OverlapStages: false),
        new("mosaic-paper", SchedulerKind.Mosaic, new GateSpec(GateRule.VoteFraction, 2.0 / 3.0, SameExpertPolicy.CountEverySlot, EarlyDecisions: false), OverlapStages: false),
        new("mosaic-tau1", SchedulerKind.Mosaic, new GateSpec(GateRule.VoteFraction, 1.0, SameExpertPolicy.CountEverySlot, EarlyDecisions: false), OverlapStages: false),
        new("mosaic-orleans", SchedulerKind.Mosaic, new GateSpec(GateRule.VoteFraction, 2.0 / 3.0, SameExpertPolicy.CountEverySlot, EarlyDecisions: true), OverlapStages: true, ShareRepeatedCalls: true),
    ];

    public string SchedulerName => EnumNames<SchedulerKind>.NameOf(Scheduler);

    public string GateName => Gate.Rule == GateRule.Off
        ? "off (full aggregation)"
        : FormattableString.Invariant($"vote >= {Gate.Threshold:0.###}{(Gate.EarlyDecisions ? ", early decisions" : "")}");
}
