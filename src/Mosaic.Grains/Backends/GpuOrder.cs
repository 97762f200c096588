namespace Mosaic.Grains.Backends;

/// <summary>In which order the emulated GPU serves the calls waiting on it.</summary>
internal enum GpuOrder
{
    /// <summary>Shortest remaining share first (a newly arrived shorter call overtakes the one in service): the
    /// calibrated emulation's convention for an engine run's calls, which in a continuously batched engine finish
    /// shortest first.</summary>
    ShortestFirst,

    /// <summary>In arrival order (aggregator replicas, the TP = 4 aggregator engine).</summary>
    Arrival,
}
