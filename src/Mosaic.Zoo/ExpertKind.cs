namespace Mosaic.Zoo;

/// <summary>What a zoo model is for: a direct-answer expert, a scratchpad expert, or the aggregator.</summary>
public enum ExpertKind
{
    Instruction,
    Reasoning,
    Aggregator,
}
