using System.Text.Json.Serialization;
using Mosaic.Scheduling.Profiling;

namespace Mosaic.Hosting;

/// <summary>What <c>mosaic zoo profile</c> measured: every model's profile, the sweep's settings and how loaded the machine was.</summary>
public sealed record ZooProfileReport(
    [property: JsonPropertyName("profiles")] IReadOnlyList<ExpertProfile> Profiles,
    [property: JsonPropertyName("calibration_prompts")] IReadOnlyDictionary<string, int> CalibrationPrompts,
    [property: JsonPropertyName("session_sizes")] IReadOnlyList<int> SessionSizes,
    [property: JsonPropertyName("repeats")] int Repeats,
    [property: JsonPropertyName("parallel")] int Parallel,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("max_batch_size")] int MaxBatchSize,
    [property: JsonPropertyName("load_average_before")] double? LoadAverageBefore,
    [property: JsonPropertyName("load_average_after")] double? LoadAverageAfter,
    [property: JsonPropertyName("wall_s")] double WallSeconds);
