using Mosaic.Abstractions.Jobs;

namespace Mosaic.Grains.Queries;

/// <summary>A question and the placements of the slots of it that still have to run.</summary>
[GenerateSerializer, Immutable, Alias("mosaic.question-calls")]
internal sealed record QuestionCalls(
    [property: Id(0)] int Index,
    [property: Id(1)] QuestionSpec Question,
    [property: Id(2)] IReadOnlyList<CallPlacement> Calls);
