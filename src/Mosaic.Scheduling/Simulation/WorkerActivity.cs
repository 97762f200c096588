namespace Mosaic.Scheduling.Simulation;

/// <summary>What a simulated worker is doing until its next event.</summary>
internal enum WorkerActivity
{
    Idle,
    Loading,
    Generating,
    Draining,
    AtBarrier,
    AggregatorLoading,
    Aggregating,
}
