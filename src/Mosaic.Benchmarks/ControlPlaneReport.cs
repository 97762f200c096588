using System.Text.Json.Serialization;

namespace Mosaic.Benchmarks;

/// <summary>The JSON document <c>mosaic bench control-plane --json</c> prints: one run per requested job size.</summary>
internal sealed record ControlPlaneReport(
    [property: JsonPropertyName("silos")] int Silos,
    [property: JsonPropertyName("backend")] string Backend,
    [property: JsonPropertyName("runs")] IReadOnlyList<ControlPlaneRun> Runs);
