using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Extraction;

namespace Mosaic.Grains.Devices;

/// <summary>
/// One model call sent to a worker, as structure, not as rendered text: the worker's backend turns it into the
/// loaded model's own input format (expert calls: the question; aggregator calls: the question and the experts'
/// <see cref="Responses"/>, trimmed to the model's context). <see cref="Generation"/> is the job activation that sent
/// it; a worker refuses requests of generations older than the newest it has seen for the job.
/// <see cref="Priority"/> is its job's (<see cref="JobSpec.Priority"/>): a worker may see a request before the job's plan.
/// With <see cref="StreamText"/> (its job's <see cref="JobSpec.StreamText"/>) the worker reports the call's text to the
/// job while it generates.
/// <see cref="QuestionIndex"/>, <see cref="Gold"/> and <see cref="Skill"/> only feed the emulated backend.
/// An aggregator call of a tensor-parallel engine (<see cref="TensorParallelSize"/> &gt; 1, emulated backend) goes to
/// the engine's first worker (rank 0); each other worker of the engine gets one hold call (its
/// <see cref="TensorParallelRank"/> ≥ 1) that keeps its GPU in the engine until cancelled, and is never reported.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.inference-request")]
public sealed record InferenceRequest(
    [property: Id(0)] string JobId,
    [property: Id(1)] int Generation,
    [property: Id(2)] CallKey Key,
    [property: Id(3)] string Expert,
    [property: Id(4)] string Question,
    [property: Id(5)] IReadOnlyList<ResponseInput>? Responses,
    [property: Id(6)] AnswerFormat Format,
    [property: Id(7)] int? MaxNewTokens,
    [property: Id(8)] int QuestionIndex,
    [property: Id(9)] string? Gold,
    [property: Id(10)] string? Skill,
    [property: Id(11)] int TensorParallelRank = 0,
    [property: Id(12)] int TensorParallelSize = 1,
    [property: Id(13)] JobPriority Priority = JobPriority.Interactive,
    [property: Id(14)] bool StreamText = false)
{
    /// <summary>This call's outcome is reported (every call but a tensor-parallel engine's hold on a follower).</summary>
    public bool Reports => TensorParallelRank == 0;
}
