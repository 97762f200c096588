using System.Text.Json.Serialization;

namespace Mosaic.Benchmarks;

/// <summary>The JSON document <c>mosaic bench end-to-end --json</c> prints. Every figure is from the emulated backend.</summary>
internal sealed record EndToEndReport(
    [property: JsonPropertyName("instance")] string Instance,
    [property: JsonPropertyName("questions")] int Questions,
    [property: JsonPropertyName("time_scale")] double TimeScale,
    [property: JsonPropertyName("backend")] string Backend,
    [property: JsonPropertyName("runs")] IReadOnlyList<EndToEndRow> Runs);
