using System.Text.Json.Serialization;

namespace Mosaic.Benchmarks;

/// <summary>
/// The JSON document <c>mosaic bench control-plane --json</c> prints: one run per requested job size, and how the cost
/// per question scales: <see cref="CostRatio"/> is the largest job's µs/question over the smallest job's (1.0 = flat;
/// null with one size), the same for CPU time in <see cref="CpuCostRatio"/> and for the cluster's overhead over calling
/// the libraries directly in <see cref="OverheadCostRatio"/>: the direct work includes the job's one plan solve, a
/// fixed cost per job that makes small jobs dearer per question, so the overhead ratio is the one that shows whether
/// the cluster's own cost per question grows with the job.
/// </summary>
internal sealed record ControlPlaneReport(
    [property: JsonPropertyName("silos")] int Silos,
    [property: JsonPropertyName("backend")] string Backend,
    [property: JsonPropertyName("repeats")] int Repeats,
    [property: JsonPropertyName("runs")] IReadOnlyList<ControlPlaneRun> Runs)
{
    /// <summary>The process's <c>DOTNET_GCgen0size</c> (the young generation's budget, hexadecimal bytes) when one is set: runs differ by it.</summary>
    [JsonPropertyName("gc_gen0size")]
    public string? GcGen0Size { get; } = Environment.GetEnvironmentVariable("DOTNET_GCgen0size");

    [JsonPropertyName("us_per_question_largest_over_smallest")]
    public double? CostRatio => Ratio(r => r.MicrosecondsPerQuestion);

    [JsonPropertyName("cpu_us_per_question_largest_over_smallest")]
    public double? CpuCostRatio => Ratio(r => r.CpuMicrosecondsPerQuestion);

    [JsonPropertyName("overhead_us_per_question_largest_over_smallest")]
    public double? OverheadCostRatio => Ratio(r => r.OverheadMicrosecondsPerQuestion);

    private double? Ratio(Func<ControlPlaneRun, double> cost)
    {
        var smallest = Runs.MinBy(r => r.Questions);
        var largest = Runs.MaxBy(r => r.Questions);
        return smallest is null || largest is null || smallest.Questions == largest.Questions || cost(smallest) <= 0
            ? null
            : Math.Round(cost(largest) / cost(smallest), 3);
    }
}
