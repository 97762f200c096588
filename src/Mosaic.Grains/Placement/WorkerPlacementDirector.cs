using Orleans.Runtime.Placement;

namespace Mosaic.Grains.Placement;

/// <summary>
/// Puts a placed grain on the silo serving the worker named in its key (its newest incarnation, when a restarted worker
/// is briefly listed twice). Runs on the calling silo, only for grains without an activation; waits briefly for silo
/// metadata of a just-joined silo, then fails with a clear error.
/// </summary>
internal sealed class WorkerPlacementDirector(WorkerDirectory directory) : IPlacementDirector
{
    private static readonly TimeSpan MetadataGrace = TimeSpan.FromSeconds(3);

    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString()!;
        var worker = WorkerKeys.WorkerOf(key);
        var deadline = DateTime.UtcNow + MetadataGrace;
        while (true)
        {
            SiloAddress? chosen = null;
            foreach (var silo in context.GetCompatibleSilos(target))
            {
                if (directory.WorkerOf(silo) == worker && (chosen is null || WorkerDirectory.IsNewer(silo, chosen)))
                {
                    chosen = silo;
                }
            }

            if (chosen is not null)
            {
                return chosen;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new WorkerNotInClusterException(worker, key);
            }

            await Task.Delay(100);
        }
    }
}
