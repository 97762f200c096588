using System.Text.Json.Serialization;

namespace Mosaic.Cli.Benchmarks;

/// <summary><c>mosaic bench interactive --json</c>: questions asked while a batch runs, first-come against priority.</summary>
internal sealed record InteractiveReport(
    [property: JsonPropertyName("cluster")] string Cluster,
    [property: JsonPropertyName("batch_questions")] int BatchQuestions,
    [property: JsonPropertyName("asked")] int Asked,
    [property: JsonPropertyName("first_after_seconds")] double FirstAfterSeconds,
    [property: JsonPropertyName("interval_seconds")] double IntervalSeconds,
    [property: JsonPropertyName("phases")] IReadOnlyList<InteractivePhase> Phases);
