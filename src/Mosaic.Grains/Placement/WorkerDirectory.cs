using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Mosaic.Grains.Placement;

/// <summary>
/// Which worker each active silo serves, read from silo metadata (<see cref="MetadataKey"/>; it reaches other silos
/// up to a second after a silo joins, so a just-joined worker may briefly be missing).
/// </summary>
internal sealed class WorkerDirectory(IClusterMembershipService membership, ISiloMetadataCache metadata)
{
    public const string MetadataKey = "mosaic.worker";
    public const string MemoryKey = "mosaic.memory_gb";

    public IReadOnlyDictionary<string, SiloAddress> ActiveWorkers()
    {
        var result = new Dictionary<string, SiloAddress>(StringComparer.Ordinal);
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            // A restarted worker is listed twice until its old incarnation is declared dead: the newest one serves it.
            if (member.Status == SiloStatus.Active && WorkerOf(member.SiloAddress) is { } worker
                && (!result.TryGetValue(worker, out var listed) || IsNewer(member.SiloAddress, listed)))
            {
                result[worker] = member.SiloAddress;
            }
        }

        return result;
    }

    public string? WorkerOf(SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(MetadataKey, out var worker) ? worker : null;

    public double? MemoryOf(SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(MemoryKey, out var text)
        && double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var memory) ? memory : null;

    public static bool IsNewer(SiloAddress silo, SiloAddress than) => silo.Generation > than.Generation;
}
