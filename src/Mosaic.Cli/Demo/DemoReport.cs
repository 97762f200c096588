using System.Text.Json.Serialization;

namespace Mosaic.Cli.Demo;

/// <summary>
/// The object <c>mosaic demo --json</c> prints and <c>report.json</c> holds: the contract's fields (backend,
/// questions, workers, output folder, the direct reference accuracy, the runs) and how the machine was loaded.
/// </summary>
internal sealed record DemoReport(
    [property: JsonPropertyName("backend")] string Backend,
    [property: JsonPropertyName("questions")] int Questions,
    [property: JsonPropertyName("workers")] int Workers,
    [property: JsonPropertyName("output_dir")] string OutputDirectory,
    [property: JsonPropertyName("direct_accuracy")] double DirectAccuracy,
    [property: JsonPropertyName("runs")] IReadOnlyList<DemoRun> Runs,
    [property: JsonPropertyName("direct_s")] double DirectSeconds,
    [property: JsonPropertyName("wall_s")] double WallSeconds,
    [property: JsonPropertyName("cores")] int Cores,
    [property: JsonPropertyName("load_average_before")] double? LoadAverageBefore,
    [property: JsonPropertyName("load_average_after")] double? LoadAverageAfter,
    [property: JsonPropertyName("rounds")] int Rounds);
