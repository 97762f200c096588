namespace Mosaic.Grains.Placement;

/// <summary>A grain was addressed to a worker that no silo in the cluster serves.</summary>
[GenerateSerializer, Alias("mosaic.worker-not-in-cluster")]
public sealed class WorkerNotInClusterException : Exception
{
    public WorkerNotInClusterException(string worker, string grainKey)
        : base($"worker '{worker}' is not in the cluster (grain '{grainKey}')")
    {
        Worker = worker;
    }

    [Id(0)]
    public string Worker { get; init; }
}
