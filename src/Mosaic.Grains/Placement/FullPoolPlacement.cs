namespace Mosaic.Grains.Placement;

/// <summary>Places a grain on a silo whose pool no other silo's pool contains and exceeds (<see cref="FullPoolPlacementDirector"/>).</summary>
[GenerateSerializer, Immutable, Alias("mosaic.full-pool-placement")]
public sealed class FullPoolPlacement : PlacementStrategy;
