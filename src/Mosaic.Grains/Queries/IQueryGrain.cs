using Mosaic.Grains.Devices;

namespace Mosaic.Grains.Queries;

/// <summary>Fans a shard of a job's questions out to the expert replicas the plan names (keyed by job id, beside its job).</summary>
[Alias("mosaic.query")]
internal interface IQueryGrain : IGrainWithStringKey
{
    /// <summary>Sends every call; returns the calls whose worker could not be reached (to be planned again).</summary>
    [Alias("dispatch")]
    Task<IReadOnlyList<CallKey>> DispatchAsync(DispatchWork work);
}
