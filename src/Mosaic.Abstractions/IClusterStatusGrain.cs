namespace Mosaic.Abstractions;

/// <summary>
/// A cheap look at the cluster for readiness probes and clients: answered by the silo the call reaches (a stateless
/// worker), from its own view of membership and silo metadata. Use key 0.
/// </summary>
[Alias("mosaic.cluster-status-grain")]
public interface IClusterStatusGrain : IGrainWithIntegerKey
{
    [Alias("status")]
    Task<ClusterStatus> GetStatusAsync();
}
