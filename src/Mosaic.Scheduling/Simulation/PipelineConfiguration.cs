namespace Mosaic.Scheduling.Simulation;

/// <summary>A named pipeline: which scheduler plans the expert stage and how the two stages run.</summary>
public sealed record PipelineConfiguration(string Name, string Scheduler, PipelineOptions Options);
