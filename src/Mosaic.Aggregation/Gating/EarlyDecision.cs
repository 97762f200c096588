namespace Mosaic.Aggregation.Gating;

/// <summary>
/// What the gate can already say about a question while some of its k expert calls are still running. Every answer
/// is lossless: it never differs from the decision taken once all k answers are in.
/// </summary>
public abstract record EarlyDecision
{
    private EarlyDecision()
    {
    }

    /// <summary>
    /// The aggregator will be skipped with <see cref="GateDecision.Answer"/> whatever the pending slots return, so the
    /// pending expert calls can be cancelled. The decision's votes are those received so far.
    /// </summary>
    public sealed record Settled(GateDecision Decision) : EarlyDecision;

    /// <summary>
    /// The aggregator will be called whatever the pending slots return: dispatch (or warm) it now. It still needs all
    /// k responses as input, so the pending calls must finish.
    /// </summary>
    public sealed record BoundForAggregator(string Reason) : EarlyDecision;

    /// <summary>The pending answers can still change the outcome.</summary>
    public sealed record Undecided(string Reason) : EarlyDecision;
}
