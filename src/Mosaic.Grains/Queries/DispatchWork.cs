using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Extraction;

namespace Mosaic.Grains.Queries;

/// <summary>A shard of a job's questions to fan out to their planned replicas.</summary>
[GenerateSerializer, Immutable, Alias("mosaic.dispatch-work")]
internal sealed record DispatchWork(
    [property: Id(0)] string JobId,
    [property: Id(1)] int Generation,
    [property: Id(2)] AnswerFormat Format,
    [property: Id(3)] int? MaxNewTokens,
    [property: Id(4)] IReadOnlyList<QuestionCalls> Questions,
    [property: Id(5)] JobPriority Priority,
    [property: Id(6)] bool StreamText = false);
