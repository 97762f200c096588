namespace Mosaic.Aggregation.Gating;

/// <summary>One routed slot's extracted answer: <c>null</c> when extraction failed (a non-vote).</summary>
/// <param name="ExpertId">The expert that filled the slot; two slots may name the same expert.</param>
/// <param name="Answer">The canonical answer from <c>AnswerExtractor</c>, or null.</param>
public sealed record ExpertAnswer(string ExpertId, string? Answer);
