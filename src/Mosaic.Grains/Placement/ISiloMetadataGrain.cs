using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Mosaic.Grains.Placement;

/// <summary>The metadata a silo publishes (its worker id, its GPU memory), asked of the silo itself.</summary>
[Alias("mosaic.silo-metadata")]
internal interface ISiloMetadataGrain : IGrainWithStringKey
{
    [Alias("get")]
    Task<SiloMetadata> GetAsync();
}
