namespace Mosaic.Zoo.Workload;

/// <summary>What calling the models directly gave for one routed question: each slot's response and the aggregator's.</summary>
public sealed record DirectAnswer(string QuestionId, IReadOnlyList<string> ExpertTexts, string AggregatorText);
