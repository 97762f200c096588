namespace Mosaic.Aggregation.Gating;

/// <summary>The number of votes one canonical answer received.</summary>
public sealed record AnswerVotes(string Answer, int Votes);
