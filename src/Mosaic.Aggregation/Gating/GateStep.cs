namespace Mosaic.Aggregation.Gating;

/// <summary>What a question's gate knows after recording one slot.</summary>
public abstract record GateStep
{
    private GateStep()
    {
    }

    /// <summary>Other slots can still change the outcome: keep waiting.</summary>
    public sealed record Waiting : GateStep;

    /// <summary>
    /// The question is decided (skip with <see cref="GateDecision.Answer"/>, or call the aggregator). When decided
    /// early, <see cref="CancelSlots"/> are the still-pending slots whose answers can no longer matter.
    /// </summary>
    public sealed record Decided(GateDecision Decision, bool Early, IReadOnlyList<int> CancelSlots) : GateStep;
}
