namespace Mosaic.Scheduling.Simulation;

/// <summary>One configuration's simulated result, with the paper's figures where the paper published them.</summary>
public sealed record PipelineRow(PipelineConfiguration Configuration, PipelineResult Result, IReadOnlyList<StageComparison> Paper);
