namespace Mosaic.Zoo.Workload;

/// <summary>
/// What calling the models directly gave for one routed question: each slot's response, whether it was cut at the
/// expert's max new tokens, and the aggregator's response.
/// </summary>
public sealed record DirectAnswer(string QuestionId, IReadOnlyList<string> ExpertTexts, IReadOnlyList<bool> ExpertsCutOff, string AggregatorText);
