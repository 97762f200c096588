using Orleans.Placement;

namespace Mosaic.Grains.Placement;

/// <summary>Marks grain classes keyed by a silo address for <see cref="SiloPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloPlacementAttribute() : PlacementAttribute(new SiloPlacement());
