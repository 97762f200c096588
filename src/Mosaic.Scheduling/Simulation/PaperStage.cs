namespace Mosaic.Scheduling.Simulation;

/// <summary>Which measured quantity a published figure is about.</summary>
public enum PaperStage
{
    Expert,
    Aggregator,
    EndToEnd,

    /// <summary>Share of questions the gate answers without the aggregator (a fraction; its tolerance is absolute).</summary>
    SkipRate,
}
