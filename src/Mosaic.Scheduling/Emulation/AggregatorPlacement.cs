namespace Mosaic.Scheduling.Emulation;

/// <summary>Where an aggregator call runs.</summary>
public enum AggregatorPlacement
{
    /// <summary>The paper's setup: one aggregator engine over all four GPUs (TP = 4), after the expert stage.</summary>
    TensorParallel,

    /// <summary>One aggregator replica per GPU (TP = 1), e.g. on a worker that finished its expert sessions early.</summary>
    Replica,
}
