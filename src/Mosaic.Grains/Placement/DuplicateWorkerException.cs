namespace Mosaic.Grains.Placement;

/// <summary>A silo was started with the worker id of another live silo (<see cref="DuplicateWorkerCheck"/>).</summary>
public sealed class DuplicateWorkerException(string message) : Exception(message);
