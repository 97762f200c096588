namespace Mosaic.Abstractions.Results;

/// <summary>How many slots gave one canonical answer.</summary>
[GenerateSerializer, Immutable, Alias("mosaic.answer-vote")]
public sealed record AnswerVote([property: Id(0)] string Answer, [property: Id(1)] int Votes);
