namespace Mosaic.Grains.Placement;

/// <summary>A grain was addressed to a silo that is not an active member of the cluster.</summary>
public sealed class SiloNotInClusterException(string silo) : Exception($"silo {silo} is not an active member of the cluster");
