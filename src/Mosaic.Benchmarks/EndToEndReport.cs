using System.Text.Json.Serialization;

namespace Mosaic.Benchmarks;

/// <summary>
/// The JSON document <c>mosaic bench end-to-end --json</c> prints. Every figure is from the emulated backend (the
/// calibrated emulation model through the real grains), in emulated seconds.
/// </summary>
internal sealed record EndToEndReport(
    [property: JsonPropertyName("instance")] string Instance,
    [property: JsonPropertyName("questions")] int Questions,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("time_scale")] double TimeScale,
    [property: JsonPropertyName("backend")] string Backend,
    [property: JsonPropertyName("emulation")] string Emulation,
    [property: JsonPropertyName("paper_rows_within_tolerance")] bool PaperRowsWithinTolerance,
    [property: JsonPropertyName("runs")] IReadOnlyList<EndToEndRow> Runs);
