using Mosaic.Abstractions.Jobs;

namespace Mosaic.Grains.Queries;

/// <summary>
/// Everything a query grain needs to answer one question of a job. <see cref="PlanId"/> names the job's plan: a
/// job that plans again (a new activation) sends new work, which replaces a run of an older plan.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.query-work")]
internal sealed record QueryWork(
    [property: Id(0)] string JobId,
    [property: Id(1)] QuestionSpec Question,
    [property: Id(2)] IReadOnlyList<SlotAssignment> Slots,
    [property: Id(3)] GateSpec Gate,
    [property: Id(4)] string AnswerFormat,
    [property: Id(5)] string Aggregator,
    [property: Id(6)] int MaxNewTokens,
    [property: Id(7)] string PlanId);
