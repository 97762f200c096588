using Orleans.Placement;

namespace Mosaic.Grains.Placement;

/// <summary>Marks grain classes keyed <c>expert@worker</c> (or by worker id) for <see cref="WorkerPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class WorkerPlacementAttribute() : PlacementAttribute(new WorkerPlacement());
