using System.Text.Json.Serialization;

namespace Mosaic.Zoo.Evaluation;

/// <summary>
/// One model measured on a question set: accuracy per skill (fraction in [0, 1]), mean generated tokens (EOS
/// included) and, for later use in the workload, every response by question id.
/// </summary>
public sealed record ExpertEvaluation(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("params")] long Params,
    [property: JsonPropertyName("mean_output_tokens")] double MeanOutputTokens,
    [property: JsonPropertyName("accuracy")] IReadOnlyDictionary<string, double> Accuracy)
{
    [JsonIgnore]
    public IReadOnlyDictionary<string, string> Responses { get; init; } = new Dictionary<string, string>();
}
