using System.Text.Json.Serialization;

namespace Mosaic.Cli.Reports;

/// <summary>One engine run in a <see cref="WorkerReport"/>.</summary>
internal sealed record SessionReport(
    [property: JsonPropertyName("expert")] string Expert,
    [property: JsonPropertyName("prompts")] int Prompts,
    [property: JsonPropertyName("load_s")] double LoadSeconds,
    [property: JsonPropertyName("compute_s")] double ComputeSeconds);
