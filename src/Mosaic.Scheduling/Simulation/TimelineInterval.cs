using System.Text.Json.Serialization;

namespace Mosaic.Scheduling.Simulation;

/// <summary>One stretch of a worker's timeline: loading a model or generating a session's prompts.</summary>
public sealed record TimelineInterval(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("expert")] string Expert,
    [property: JsonPropertyName("start_s")] double Start,
    [property: JsonPropertyName("end_s")] double End,
    [property: JsonPropertyName("prompts")] int Prompts)
{
    public const string Load = "load";
    public const string Compute = "compute";
    public const string Aggregate = "aggregate";

    public double Duration => End - Start;
}
