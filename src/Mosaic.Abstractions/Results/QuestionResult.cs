namespace Mosaic.Abstractions.Results;

/// <summary>
/// Everything about one answered question: every expert call in slot order, the gate's decision, the aggregator call
/// when there was one, and the final answer (the majority when the gate skipped the aggregator). Written once, as its
/// own row, as soon as the question is decided.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.question-result")]
public sealed record QuestionResult(
    [property: Id(0)] string QuestionId,
    [property: Id(1)] IReadOnlyList<ExpertCallResult> ExpertCalls,
    [property: Id(2)] GateSummary Gate,
    [property: Id(3)] ExpertCallResult? AggregatorCall,
    [property: Id(4)] string? FinalAnswer,
    [property: Id(5)] string? Gold,
    [property: Id(6)] DateTimeOffset CompletedAt,
    [property: Id(7)] DateTimeOffset ExpertsDoneAt,
    [property: Id(8)] int QuestionIndex)
{
    public bool? Correct => Gold is null ? null : string.Equals(FinalAnswer, Gold, StringComparison.Ordinal);
}
