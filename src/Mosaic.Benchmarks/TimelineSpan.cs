using System.Text.Json.Serialization;

namespace Mosaic.Benchmarks;

/// <summary>One interval of a worker's timeline (a load, an expert session, aggregator work), in emulated seconds from
/// the job's dispatch (the grains) or from the start of the run (the simulator).</summary>
internal sealed record TimelineSpan(
    [property: JsonPropertyName("worker")] string Worker,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("start_s")] double Start,
    [property: JsonPropertyName("end_s")] double End,
    [property: JsonPropertyName("calls")] int Calls);
