using System.Text.Json.Serialization;

namespace Mosaic.Zoo;

/// <summary>
/// One shipped model as recorded in <c>manifest.json</c>. Accuracies are fractions: on the test split, on the
/// calibration split (the router's profile) and on a fixed fifth of the test split (what the fast tests re-measure).
/// </summary>
public sealed record ManifestEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("architecture")] string Architecture,
    [property: JsonPropertyName("hidden_size")] int Hidden,
    [property: JsonPropertyName("layers")] int Layers,
    [property: JsonPropertyName("heads")] int Heads,
    [property: JsonPropertyName("intermediate_size")] int Intermediate,
    [property: JsonPropertyName("params")] long Params,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("steps")] int Steps,
    [property: JsonPropertyName("batch_size")] int BatchSize,
    [property: JsonPropertyName("learning_rate")] double LearningRate,
    [property: JsonPropertyName("trained_skills")] IReadOnlyList<string> TrainedSkills,
    [property: JsonPropertyName("final_loss")] double FinalLoss,
    [property: JsonPropertyName("train_seconds")] double TrainSeconds,
    [property: JsonPropertyName("mean_output_tokens")] double MeanOutputTokens,
    [property: JsonPropertyName("accuracy")] IReadOnlyDictionary<string, double> Accuracy,
    [property: JsonPropertyName("calibration_accuracy")] IReadOnlyDictionary<string, double> CalibrationAccuracy,
    [property: JsonPropertyName("check_accuracy")] IReadOnlyDictionary<string, double> CheckAccuracy)
{
    /// <summary>The fixed test subset behind <see cref="CheckAccuracy"/>: every n-th test question of each skill.</summary>
    public const int CheckEveryNth = 5;
}
