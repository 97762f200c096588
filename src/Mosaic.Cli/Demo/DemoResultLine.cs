using System.Text.Json.Serialization;

namespace Mosaic.Cli.Demo;

/// <summary>One line of <c>results.jsonl</c>: one question of one run.</summary>
internal sealed record DemoResultLine(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("run")] string Run,
    [property: JsonPropertyName("experts")] IReadOnlyList<DemoExpertAnswer> Experts,
    [property: JsonPropertyName("gate")] DemoGateDecision Gate,
    [property: JsonPropertyName("aggregator")] DemoExpertAnswer? Aggregator,
    [property: JsonPropertyName("final_answer")] string? FinalAnswer,
    [property: JsonPropertyName("gold")] string? Gold,
    [property: JsonPropertyName("correct")] bool Correct);
