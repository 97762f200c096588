using System.Text.Json.Serialization;

namespace Mosaic.Cli.Demo;

/// <summary>One model call of a question (an expert slot or the aggregator): who answered where, the extracted answer, how the call ended and what it cost.</summary>
internal sealed record DemoExpertAnswer(
    [property: JsonPropertyName("expert")] string Expert,
    [property: JsonPropertyName("worker")] string Worker,
    [property: JsonPropertyName("answer")] string? Answer,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("input_tokens")] int InputTokens,
    [property: JsonPropertyName("output_tokens")] int OutputTokens,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("shared_from_slot"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? SharedFromSlot = null);
