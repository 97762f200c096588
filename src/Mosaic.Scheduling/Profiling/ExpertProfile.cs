using System.Text.Json.Serialization;

namespace Mosaic.Scheduling.Profiling;

/// <summary>
/// The offline profile of one expert, as written by <c>mosaic profile</c> and read by planners: load time,
/// output-length statistics on the calibration set, the fitted session-time regression and the single-stream
/// decode rate (for the per-prompt lower bound). Serialized as snake_case JSON.
/// </summary>
public sealed record ExpertProfile(
    [property: JsonPropertyName("expert")] string Expert,
    [property: JsonPropertyName("kind")] ExpertKind Kind,
    [property: JsonPropertyName("load_s")] double LoadSeconds,
    [property: JsonPropertyName("mean_output_tokens")] double MeanOutputTokens,
    [property: JsonPropertyName("max_output_tokens")] double MaxOutputTokens,
    [property: JsonPropertyName("session_time")] SessionTimeRegression SessionTime,
    [property: JsonPropertyName("single_stream_s_per_token")] double SingleStreamSecondsPerToken,
    [property: JsonPropertyName("memory_gb")] double? MemoryGb = null)
{
    /// <summary>
    /// A profile given by hand rather than measured: a constant <paramref name="perPromptSeconds"/> per prompt
    /// (T(N) = τ·N) and <paramref name="meanOutputTokens"/> for every output.
    /// </summary>
    public static ExpertProfile Linear(
        string expert, ExpertKind kind, double loadSeconds, double perPromptSeconds, double meanOutputTokens, double? memoryGb = null) =>
        new(expert, kind, loadSeconds, meanOutputTokens, meanOutputTokens, new SessionTimeRegression(0, perPromptSeconds, 0, 0), 0, memoryGb);

    /// <summary>
    /// T̂_m: predicted time for all <paramref name="prompts"/> routed prompts in a single run, never less than the
    /// longest prompt decoded alone (the floor the lower bound's one-prompt term assumes): a fit over batched sessions
    /// can predict less than that for a handful of prompts.
    /// </summary>
    public double PredictedSessionSeconds(int prompts) =>
        prompts <= 0 ? 0 : Math.Max(SessionTime.Predict(prompts, MeanOutputTokens, MaxOutputTokens), LongestSinglePromptSeconds);

    /// <summary>τ_m = T̂_m / N_m (Eq. 3), the per-prompt cost the planner treats as constant.</summary>
    public double PerPromptSeconds(int prompts) =>
        prompts <= 0 ? 0 : PredictedSessionSeconds(prompts) / prompts;

    /// <summary>This profile with every generation time multiplied by <paramref name="factor"/> (<see cref="SpeedCalibration"/>); the load time is kept.</summary>
    public ExpertProfile AtSpeed(double factor) => this with
    {
        SessionTime = new SessionTimeRegression(
            SessionTime.Intercept * factor, SessionTime.PerPrompt * factor, SessionTime.PerToken * factor, SessionTime.PerTailToken * factor),
        SingleStreamSecondsPerToken = SingleStreamSecondsPerToken * factor,
    };

    /// <summary>Time to decode the longest calibration output alone; a floor for any single prompt.</summary>
    [JsonIgnore]
    public double LongestSinglePromptSeconds => SingleStreamSecondsPerToken * MaxOutputTokens;
}
