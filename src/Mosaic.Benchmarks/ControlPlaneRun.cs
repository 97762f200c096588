using System.Text.Json.Serialization;

namespace Mosaic.Benchmarks;

/// <summary>
/// One size of the control-plane benchmark: <see cref="Jobs"/> consecutive jobs of <see cref="Questions"/> questions each
/// (as many as make up the largest size), their throughput and cost per question over all of them, and the last job's
/// persisted state size. <see cref="ClusterSeconds"/>, <see cref="AggregatorCalls"/> and
/// <see cref="CancelledExpertCalls"/> are totals over the jobs.
/// <see cref="CpuMicrosecondsPerQuestion"/> is the process's CPU time (every silo, the client and the runtime) per
/// question: unlike the wall-clock figures it changes little when other processes load the host
/// (<see cref="HostLoadAverage"/>, the 1-minute load average at the start of the run; null where it cannot be read).
/// The garbage collector's share (pause time, collections of any generation and full ones, bytes allocated per
/// question) shows whether a bigger job costs more per question because of its heap; allocated bytes over collections
/// is the young generation's average budget, which the runtime raises when much survives.
/// <see cref="SubmitSeconds"/> is the time the client spent in submit calls (routing, validation, the plan and the
/// spec's write happen before a submit returns), of which <see cref="PlanSolveMilliseconds"/> is the solver's own time
/// as the plans report it. The jobs' own reports split
/// the rest: <see cref="StartToDispatchSeconds"/> (from the job's start to its calls going out: the aggregation grain's
/// set-up and the workers' session preparation), <see cref="ExpertStageSeconds"/> and <see cref="AggregationTailSeconds"/>,
/// each summed over the jobs.
/// </summary>
internal sealed record ControlPlaneRun(
    [property: JsonPropertyName("questions")] int Questions,
    [property: JsonPropertyName("jobs")] int Jobs,
    [property: JsonPropertyName("questions_per_s")] double QuestionsPerSecond,
    [property: JsonPropertyName("us_per_question")] double MicrosecondsPerQuestion,
    [property: JsonPropertyName("overhead_us_per_question")] double OverheadMicrosecondsPerQuestion,
    [property: JsonPropertyName("direct_us_per_question")] double DirectMicrosecondsPerQuestion,
    [property: JsonPropertyName("all_answered_once")] bool AllAnsweredOnce,
    [property: JsonPropertyName("job_state_bytes")] int JobStateBytes,
    [property: JsonPropertyName("cluster_s")] double ClusterSeconds,
    [property: JsonPropertyName("aggregator_calls")] int AggregatorCalls,
    [property: JsonPropertyName("cancelled_expert_calls")] int CancelledExpertCalls,
    [property: JsonPropertyName("cpu_us_per_question")] double CpuMicrosecondsPerQuestion,
    [property: JsonPropertyName("host_load_average")] double? HostLoadAverage,
    [property: JsonPropertyName("gc_pause_s")] double GcPauseSeconds,
    [property: JsonPropertyName("collections")] int Collections,
    [property: JsonPropertyName("gen2_collections")] int Gen2Collections,
    [property: JsonPropertyName("allocated_bytes_per_question")] long AllocatedBytesPerQuestion,
    [property: JsonPropertyName("submit_s")] double SubmitSeconds,
    [property: JsonPropertyName("plan_solve_ms")] double PlanSolveMilliseconds,
    [property: JsonPropertyName("start_to_dispatch_s")] double StartToDispatchSeconds,
    [property: JsonPropertyName("expert_stage_s")] double ExpertStageSeconds,
    [property: JsonPropertyName("aggregation_tail_s")] double AggregationTailSeconds);
