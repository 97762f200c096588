namespace Mosaic.Abstractions.Results;

/// <summary>
/// Answered questions in question order from <see cref="From"/>; <see cref="Next"/> is the index to ask for next, or
/// null when no later question has a result yet.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.result-page")]
public sealed record ResultPage(
    [property: Id(0)] IReadOnlyList<QuestionResult> Results,
    [property: Id(1)] int From,
    [property: Id(2)] int? Next,
    [property: Id(3)] int Answered,
    [property: Id(4)] int Total);
