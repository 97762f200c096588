using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Mosaic.Grains.Placement;

/// <summary>Answers, on the silo its key names, with the metadata that silo was configured to publish.</summary>
[SiloPlacement]
[GrainType("mosaic.silo-metadata")]
internal sealed class SiloMetadataGrain(IOptions<SiloMetadata> local) : Grain, ISiloMetadataGrain
{
    public Task<SiloMetadata> GetAsync() => Task.FromResult(local.Value);
}
