using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Mosaic.Integration.Tests;

/// <summary>A silo metadata cache whose every fetch failed: it knows no silo's metadata, its own included.</summary>
internal sealed class BlindSiloMetadataCache : ISiloMetadataCache
{
    public SiloMetadata GetSiloMetadata(SiloAddress siloAddress) => SiloMetadata.Empty;
}
