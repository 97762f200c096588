namespace Mosaic.Grains.Placement;

/// <summary>Places a grain on the silo whose address (<see cref="SiloAddress.ToParsableString"/>) is the grain's key.</summary>
[GenerateSerializer, Immutable, Alias("mosaic.silo-placement")]
public sealed class SiloPlacement : PlacementStrategy;
