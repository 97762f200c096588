using Orleans.Runtime.Placement;

namespace Mosaic.Grains.Placement;

/// <summary>Puts a <see cref="SiloPlacement"/> grain on the silo its key names, and nowhere else.</summary>
internal sealed class SiloPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString()!;
        var silo = SiloAddress.FromParsableString(key);
        return context.GetCompatibleSilos(target).Contains(silo)
            ? Task.FromResult(silo)
            : throw new SiloNotInClusterException(key);
    }
}
