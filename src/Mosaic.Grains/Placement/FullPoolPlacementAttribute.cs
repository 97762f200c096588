using Orleans.Placement;

namespace Mosaic.Grains.Placement;

/// <summary>Marks grain classes that plan with the local pool's profiles for <see cref="FullPoolPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class FullPoolPlacementAttribute() : PlacementAttribute(new FullPoolPlacement());
