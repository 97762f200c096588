namespace Mosaic.Aggregation.Gating;

/// <summary>What the gate decided for a question.</summary>
public enum GateOutcome
{
    /// <summary>Confident enough: return the majority answer without calling the aggregator.</summary>
    SkipAggregator,

    /// <summary>Not confident: send the question and the expert responses to the aggregator.</summary>
    CallAggregator,
}
