namespace Mosaic.Scheduling.Simulation;

/// <summary>
/// What one simulated pipeline run took. The expert stage ends when the last worker finishes its expert sessions;
/// the aggregator stage is everything after that (the whole TP = 4 stage behind a barrier, or the tail of the
/// overlapped aggregation).
/// </summary>
public sealed record PipelineResult(
    double ExpertStageSeconds,
    double AggregatorStageSeconds,
    int Questions,
    int AggregatorCalls,
    int CancelledExpertCalls,
    int CorrectAnswers,
    IReadOnlyList<WorkerTimeline> Workers)
{
    public double EndToEndSeconds => ExpertStageSeconds + AggregatorStageSeconds;

    public double SkipRate => Questions == 0 ? 0 : 1 - AggregatorCalls / (double)Questions;

    public double Accuracy => Questions == 0 ? 0 : CorrectAnswers / (double)Questions;
}
