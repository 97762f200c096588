namespace Mosaic.Abstractions.Jobs;

/// <summary>
/// A MoA job: questions with their routed experts (or, with <see cref="Router"/>, questions the job routes itself),
/// the expert pool they may use, the aggregator, the gate, the
/// answer format (<c>auto</c>, <c>mcq</c>, <c>boxed</c>, <c>gsm8k</c>, <c>number</c>) and the expert-stage scheduler
/// (<c>mosaic</c>, <c>lpt</c>, <c>round-robin</c>, <c>data-parallel</c>). With <see cref="OverlapStages"/> a worker
/// that has finished its expert sessions starts aggregator calls at once; without it the aggregator stage waits for
/// the whole expert stage, as in the paper.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.job-spec")]
public sealed record JobSpec(
    [property: Id(0)] IReadOnlyList<QuestionSpec> Questions,
    [property: Id(1)] IReadOnlyList<string> ExpertPool,
    [property: Id(2)] string Aggregator,
    [property: Id(3)] GateSpec Gate,
    [property: Id(4)] string Scheduler = "mosaic",
    [property: Id(5)] string AnswerFormat = "auto",
    [property: Id(6)] int MaxNewTokens = 512,
    [property: Id(7)] bool OverlapStages = true,
    [property: Id(8)] RouterSpec? Router = null);
