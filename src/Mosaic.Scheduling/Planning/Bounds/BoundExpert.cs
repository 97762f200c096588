namespace Mosaic.Scheduling.Planning.Bounds;

/// <summary>
/// An expert as the configuration bound sees it: load ℓ_m, total work W_m in seconds on a worker of speed 1, and
/// R_m, the most workers it may be loaded on. An expert with R_m = 1 runs all its work in one session.
/// </summary>
internal readonly record struct BoundExpert(double Load, double Work, int ReplicaCap)
{
    public bool Splittable => ReplicaCap >= 2;
}
