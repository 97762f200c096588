namespace Mosaic.Scheduling.Emulation;

/// <summary>
/// How the aggregator behaves on one dataset. Costs are quoted for the paper's TP = 4 engine; a TP = 1 replica has a
/// quarter of its throughput (four replicas on four GPUs are assumed to match one TP = 4 engine) and the single-stream
/// speed of one GPU.
/// </summary>
/// <param name="Model">The aggregator model (the paper does not name it; Symbolic-MoE's choice per dataset).</param>
/// <param name="Kind">Instruction or reasoning model.</param>
/// <param name="LoadSeconds">Engine start of one replica (TP = 1), as for the experts.</param>
/// <param name="TensorParallelStartupSeconds">What a TP = 4 engine pays on top of a load (process group, graphs).</param>
/// <param name="PrefillSecondsPerToken">Saturated cost of one prompt token at TP = 4.</param>
/// <param name="DecodeSecondsPerToken">Saturated cost of one output token at TP = 4.</param>
/// <param name="SingleStreamSecondsPerToken">Decode time of one token decoding alone at TP = 4.</param>
/// <param name="ReplicaSingleStreamSecondsPerToken">Decode time of one token decoding alone at TP = 1.</param>
/// <param name="BaseOutputTokens">Mean output of a call before the difficulty multiplier and runaways.</param>
/// <param name="LengthSigma">σ of the log-normal spread of one call's output.</param>
/// <param name="SplitRunawayProbability">Chance that a call on a 1:1:1 question runs to <paramref name="MaxTokens"/>.</param>
/// <param name="MaxTokens">max_tokens of the aggregator.</param>
/// <param name="QuestionTokens">Prompt tokens besides the responses (instructions and the question).</param>
/// <param name="VisibleReasoningFraction">Share of a reasoning response the aggregator reads (Symbolic-MoE cuts the
/// trace before <c>&lt;/think&gt;</c>).</param>
public sealed record AggregatorEmulation(
    string Model,
    ExpertKind Kind,
    double LoadSeconds,
    double TensorParallelStartupSeconds,
    double PrefillSecondsPerToken,
    double DecodeSecondsPerToken,
    double SingleStreamSecondsPerToken,
    double ReplicaSingleStreamSecondsPerToken,
    double BaseOutputTokens,
    double LengthSigma,
    double SplitRunawayProbability,
    int MaxTokens,
    double QuestionTokens,
    double VisibleReasoningFraction)
{
    public const int TensorParallelDegree = 4;

    /// <summary>The per-run fixed cost of the paper's aggregator stage: load plus TP = 4 start-up.</summary>
    public double StageFixedSeconds => LoadSeconds + TensorParallelStartupSeconds;
}
