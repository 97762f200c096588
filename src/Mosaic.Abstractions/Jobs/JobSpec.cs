using Mosaic.Aggregation.Extraction;

namespace Mosaic.Abstractions.Jobs;

/// <summary>
/// A MoA job: questions with their routed experts (or, with <see cref="Router"/>, questions the job routes itself),
/// the expert pool they may use, the aggregator, the gate, the answer format and the expert-stage scheduler. With
/// <see cref="OverlapStages"/> a worker that has finished its expert sessions starts aggregator calls at once;
/// without it the aggregator stage waits for the whole expert stage, as in the paper. <see cref="MaxNewTokens"/>
/// caps every call of the job; null leaves each model at its own configured limit. A null <see cref="Aggregator"/>
/// means the job has no aggregator stage: every question is recorded as soon as its experts are done, with the unique
/// plurality of their answers (a one-expert question is that expert's answer); pair it with <see cref="GateSpec.Off"/>.
/// With <see cref="ShareRepeatedCalls"/> the slots of a question routed to the same expert share one call: the service
/// decodes greedily, so a repeat of the same prompt on the same model would return the same output.
/// <see cref="Priority"/> orders the job's work against other jobs' on each worker (a batch job yields to interactive ones).
/// With a <see cref="Retention"/> the cluster deletes the job (state, spec and rows, leaving no mark) that long after it
/// ended, whoever submitted it; its id must not be submitted again. Null keeps it until it is deleted.
/// With <see cref="StreamText"/> the job's calls report their text as they generate it, to its watchers
/// (<see cref="JobProgress.Texts"/>): for a streamed chat answer, not for batches.
/// With a <see cref="WatchLease"/> the cluster cancels the running job once no client has watched it (<c>WatchAsync</c>,
/// which <c>WaitForCompletionAsync</c> uses) for that long: for a question whose asker may vanish without cancelling it,
/// as a chat request does when its gateway process dies. A job's new activation (its silo died) counts from its start.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.job-spec")]
public sealed record JobSpec(
    [property: Id(0)] IReadOnlyList<QuestionSpec> Questions,
    [property: Id(1)] IReadOnlyList<string> ExpertPool,
    [property: Id(2)] string? Aggregator,
    [property: Id(3)] GateSpec Gate,
    [property: Id(4)] SchedulerKind Scheduler = SchedulerKind.Mosaic,
    [property: Id(5)] AnswerFormat AnswerFormat = AnswerFormat.Auto,
    [property: Id(6)] int? MaxNewTokens = null,
    [property: Id(7)] bool OverlapStages = true,
    [property: Id(8)] RouterSpec? Router = null,
    [property: Id(9)] bool ShareRepeatedCalls = false,
    [property: Id(10)] JobPriority Priority = JobPriority.Interactive,
    [property: Id(11)] TimeSpan? Retention = null,
    [property: Id(12)] bool StreamText = false,
    [property: Id(13)] TimeSpan? WatchLease = null)
{
    /// <summary>
    /// A job of <paramref name="expert"/> alone, as a request naming an expert's model rather than the mixture asks:
    /// no aggregator and no gate; <paramref name="questions"/> are routed to that expert.
    /// </summary>
    public static JobSpec OneExpert(
        IReadOnlyList<QuestionSpec> questions, string expert, SchedulerKind scheduler, AnswerFormat answerFormat, int? maxNewTokens, bool overlapStages) =>
        new(questions, [expert], Aggregator: null, GateSpec.Off, scheduler, answerFormat, maxNewTokens, overlapStages);
}
