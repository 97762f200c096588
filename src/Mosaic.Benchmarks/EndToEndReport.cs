using System.Text.Json.Serialization;

namespace Mosaic.Benchmarks;

/// <summary>
/// The JSON document <c>mosaic bench end-to-end --json</c> prints. Every figure is from the emulated backend (the
/// calibrated emulation model through the real grains), in emulated seconds. Emulated time is wall time divided by the
/// time scale, so a loaded host inflates it: <see cref="HostLoadAverage"/> is the host's 1-minute load average at the
/// start and end of the run (Linux; absent elsewhere).
/// </summary>
internal sealed record EndToEndReport(
    [property: JsonPropertyName("instance")] string Instance,
    [property: JsonPropertyName("questions")] int Questions,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("time_scale")] double TimeScale,
    [property: JsonPropertyName("backend")] string Backend,
    [property: JsonPropertyName("emulation")] string Emulation,
    [property: JsonPropertyName("host_load_average")] IReadOnlyList<double>? HostLoadAverage,
    [property: JsonPropertyName("paper_rows_within_tolerance")] bool PaperRowsWithinTolerance,
    [property: JsonPropertyName("runs")] IReadOnlyList<EndToEndRow> Runs);
