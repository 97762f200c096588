namespace Mosaic.Scheduling;

/// <summary>
/// One expert of a scheduling instance.
/// </summary>
/// <param name="Name">Unique expert name.</param>
/// <param name="Kind">Instruction or reasoning expert.</param>
/// <param name="LoadSeconds">ℓ_m: time to load the model onto a worker (one engine start).</param>
/// <param name="PerPromptSeconds">τ_m = T̂_m / N_m: predicted cost of one prompt on a worker of speed 1.</param>
/// <param name="Prompts">N_m: how many routed prompts this expert must answer.</param>
/// <param name="MemoryGb">Optional resident memory of the model (weights plus KV cache).</param>
/// <param name="MeanOutputTokens">Optional Ō_m, used by trace generation.</param>
/// <param name="LongestPromptSeconds">Optional single-stream time of the longest prompt (for the lower bound).</param>
/// <param name="PromptCosts">Optional predicted cost of each prompt (length <paramref name="Prompts"/>).</param>
public sealed record ExpertSpec(
    string Name,
    ExpertKind Kind,
    double LoadSeconds,
    double PerPromptSeconds,
    int Prompts,
    double? MemoryGb = null,
    double? MeanOutputTokens = null,
    double? LongestPromptSeconds = null,
    IReadOnlyList<double>? PromptCosts = null)
{
    /// <summary>T̂_m: predicted generation time of all this expert's prompts on a worker of speed 1.</summary>
    public double TotalWorkSeconds => PromptCosts is { } costs ? costs.Sum() : PerPromptSeconds * Prompts;

    /// <summary>Mean predicted cost of one prompt: τ_m, or the mean of the per-prompt costs when given.</summary>
    public double MeanPromptCost => PromptCosts is { Count: > 0 } ? TotalWorkSeconds / Prompts : PerPromptSeconds;

    /// <summary>Predicted cost of prompt <paramref name="promptId"/> (τ_m unless per-prompt costs are given).</summary>
    public double PromptCost(int promptId) => PromptCosts is { } costs ? costs[promptId] : PerPromptSeconds;

    /// <summary>The cost of the most expensive single prompt, as far as the instance tells.</summary>
    public double LongestPromptCost =>
        Math.Max(LongestPromptSeconds ?? 0, PromptCosts is { Count: > 0 } costs ? costs.Max() : PerPromptSeconds);
}
