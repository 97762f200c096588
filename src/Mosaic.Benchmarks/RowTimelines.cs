using System.Text.Json.Serialization;

namespace Mosaic.Benchmarks;

/// <summary>Every worker's timeline of one configuration, through the grains and in the simulator (<c>--timelines</c>).</summary>
internal sealed record RowTimelines(
    [property: JsonPropertyName("grains")] IReadOnlyList<TimelineSpan> Grains,
    [property: JsonPropertyName("simulator")] IReadOnlyList<TimelineSpan> Simulator);
