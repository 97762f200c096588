namespace Mosaic.Scheduling.Simulation;

/// <summary>
/// Every paper pipeline simulated on one paper instance and seed, beside the published figures; the data-parallel
/// expert stage as the paper measured DP.
/// </summary>
public sealed record PaperComparison(
    string Instance,
    int Seed,
    IReadOnlyList<PipelineRow> Rows,
    double DataParallelExpertSeconds)
{
    public PipelineRow Row(PipelineConfiguration configuration) =>
        Rows.FirstOrDefault(r => r.Configuration == configuration)
        ?? throw new ArgumentException($"no row '{configuration.Name}'", nameof(configuration));

    /// <summary>End-to-end speedup of <paramref name="row"/> over <paramref name="reference"/>.</summary>
    public double Speedup(PipelineConfiguration reference, PipelineConfiguration row) =>
        Row(reference).Result.EndToEndSeconds / Row(row).Result.EndToEndSeconds;
}
