namespace Mosaic.Grains.Placement;

/// <summary>Places a grain on the silo whose metadata names the worker in the grain's key.</summary>
[GenerateSerializer, Immutable, Alias("mosaic.worker-placement")]
public sealed class WorkerPlacement : PlacementStrategy;
