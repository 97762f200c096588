using System.Text.Json.Serialization;

namespace Mosaic.Scheduling.Profiling;

/// <summary>
/// The per-expert session-time model T_m(N, Ō, O^max) of the paper (Eq. 2), in the linear form
/// <c>T = b0 + b1·N + b2·N·Ō + b3·O^max</c>:
/// b0 is the fixed cost of a run (warm-up, first prefill), b1 the per-prompt overhead (prefill, scheduling),
/// b2 the saturated cost of one generated token (1 / throughput), and b3 the tail: the longest sequence keeps
/// decoding alone after the batch has drained. Coefficients are fitted by least squares and are never negative.
/// </summary>
public sealed record SessionTimeRegression(
    [property: JsonPropertyName("intercept_s")] double Intercept,
    [property: JsonPropertyName("per_prompt_s")] double PerPrompt,
    [property: JsonPropertyName("per_token_s")] double PerToken,
    [property: JsonPropertyName("per_tail_token_s")] double PerTailToken)
{
    /// <summary>Predicted wall time (seconds) of one run of <paramref name="prompts"/> prompts.</summary>
    public double Predict(int prompts, double meanOutputTokens, double maxOutputTokens) =>
        prompts <= 0
            ? 0
            : Intercept + PerPrompt * prompts + PerToken * prompts * meanOutputTokens + PerTailToken * maxOutputTokens;

    /// <summary>
    /// The per-prompt and per-token coefficients the fit left at zero, by their JSON names: a sweep whose outputs all hit
    /// the generation limit cannot tell tokens from prompts, and batches that got no slower as they grew (a busy machine)
    /// zero the per-prompt cost; the planner then prices that work as free.
    /// </summary>
    public IReadOnlyList<string> Unmeasured() =>
        [.. new[] { ("per_prompt_s", PerPrompt), ("per_token_s", PerToken), ("per_tail_token_s", PerTailToken) }.Where(c => c.Item2 == 0).Select(c => c.Item1)];

    /// <summary>
    /// Fits the model by non-negative least squares over a profiling sweep. Features that the sweep cannot
    /// distinguish (for example N and N·Ō when Ō never changes) are resolved by the active-set method rather
    /// than producing huge cancelling coefficients.
    /// </summary>
    public static SessionTimeRegression Fit(IReadOnlyList<SessionTimeSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("a session-time fit needs at least one profiling sample", nameof(samples));
        }

        foreach (var s in samples)
        {
            if (s.Prompts <= 0 || s.Seconds < 0 || s.MeanOutputTokens < 0 || s.MaxOutputTokens < s.MeanOutputTokens
                || !double.IsFinite(s.Seconds) || !double.IsFinite(s.MeanOutputTokens) || !double.IsFinite(s.MaxOutputTokens))
            {
                throw new ArgumentException($"invalid profiling sample {s}", nameof(samples));
            }
        }

        var rows = samples.Select(s => new[] { 1.0, s.Prompts, s.Prompts * s.MeanOutputTokens, s.MaxOutputTokens }).ToArray();
        var targets = samples.Select(s => s.Seconds).ToArray();
        var beta = NonNegativeLeastSquares.Solve(rows, targets);
        return new SessionTimeRegression(beta[0], beta[1], beta[2], beta[3]);
    }
}
