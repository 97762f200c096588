using Microsoft.Extensions.Options;
using Mosaic.Abstractions;
using Mosaic.Grains.Placement;
using Orleans.Concurrency;

namespace Mosaic.Grains.Hosting;

/// <summary>Answers on the silo the call reaches (no directory lookup, no remote hop): its view of the active workers and its configured models.</summary>
[StatelessWorker(1)]
[GrainType("mosaic.cluster-status")]
internal sealed class ClusterStatusGrain(WorkerDirectory directory, IOptions<MosaicGrainsOptions> options) : Grain, IClusterStatusGrain
{
    public Task<ClusterStatus> GetStatusAsync() => Task.FromResult(new ClusterStatus(
        directory.ActiveWorkers().Keys.Order(StringComparer.Ordinal).ToArray(),
        options.Value.Experts.Keys.Order(StringComparer.Ordinal).ToArray()));
}
