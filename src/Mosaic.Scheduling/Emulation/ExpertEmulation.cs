namespace Mosaic.Scheduling.Emulation;

/// <summary>
/// How one expert behaves on one dataset.
/// </summary>
/// <param name="Name">Expert name.</param>
/// <param name="Kind">Instruction or reasoning expert.</param>
/// <param name="LoadSeconds">ℓ_m, one engine start at TP = 1.</param>
/// <param name="MeanOutputTokens">Ō_m on this dataset (over all its questions).</param>
/// <param name="SecondsPerToken">Saturated cost of one output token on a worker of speed 1: a call's share of a
/// batched engine run is its output tokens times this (τ_m / Ō_m).</param>
/// <param name="LengthSigma">σ of the log-normal spread of one call's output around its mean.</param>
/// <param name="MaxOutputTokens">max_tokens: no call writes more.</param>
public sealed record ExpertEmulation(
    string Name,
    ExpertKind Kind,
    double LoadSeconds,
    double MeanOutputTokens,
    double SecondsPerToken,
    double LengthSigma,
    int MaxOutputTokens)
{
    /// <summary>τ_m: the saturated cost of an average call.</summary>
    public double MeanCallSeconds => MeanOutputTokens * SecondsPerToken;
}
