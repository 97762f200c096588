using Orleans.Runtime.Placement;

namespace Mosaic.Grains.Placement;

/// <summary>
/// Puts a job on a silo with the fullest pool: a job plans with its silo's profiles, so on a silo configured with a
/// pool that lacks one of its experts (an older pool, during a rolling update that adds one) it is refused at submit
/// and cannot be re-planned after a takeover. Silos whose published models another silo's include and exceed are passed
/// over; among the rest the placing silo is kept when it is one, as Orleans' local placement does, else one is drawn.
/// A silo that has not published its models yet counts as full.
/// </summary>
internal sealed class FullPoolPlacementDirector(WorkerDirectory directory) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        var pools = silos.Select(silo => (Silo: silo, Models: directory.ModelsOf(silo))).ToArray();
        var fullest = pools
            .Where(p => p.Models is not { } models || !pools.Any(other => other.Models is { } more && models.IsProperSubsetOf(more)))
            .Select(p => p.Silo)
            .ToArray();
        var choices = fullest.Length > 0 ? fullest : silos;
        return Task.FromResult(choices.Contains(context.LocalSilo) ? context.LocalSilo : choices[Random.Shared.Next(choices.Length)]);
    }
}
