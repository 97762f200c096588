using System.Collections.Concurrent;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Mosaic.Grains.Placement;

/// <summary>
/// Which worker each active silo serves, read from silo metadata (<see cref="MetadataKey"/>; it reaches other silos
/// up to a second after a silo joins, so a just-joined worker may briefly be missing). Orleans fetches a silo's
/// metadata once when the silo joins and, if that fetch fails, not again until membership next changes; what
/// <see cref="WorkerDiscovery"/> then asks of the silo directly fills the gap (<see cref="Discovered"/>).
/// </summary>
internal sealed class WorkerDirectory(IClusterMembershipService membership, ISiloMetadataCache metadata)
{
    public const string MetadataKey = "mosaic.worker";
    public const string MemoryKey = "mosaic.memory_gb";

    /// <summary>The models a worker serves (its configured experts and aggregator), comma-separated.</summary>
    public const string ModelsKey = "mosaic.models";

    private readonly ConcurrentDictionary<SiloAddress, SiloMetadata> _discovered = new();

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

    /// <summary>
    /// The active workers that serve every one of <paramref name="models"/>, as <see cref="ActiveWorkers()"/>; a worker
    /// configured with another pool (a rolling update that adds an expert, a silo given the wrong file) is left out of the
    /// jobs that need what it lacks, where it would fail every call planned on it. A silo that publishes no list
    /// serves any.
    /// </summary>
    public IReadOnlyDictionary<string, SiloAddress> ActiveWorkers(IReadOnlyCollection<string> models) => Serving(ActiveWorkers(), models);

    /// <summary>Those of <paramref name="workers"/> that serve every one of <paramref name="models"/> (see <see cref="ActiveWorkers(IReadOnlyCollection{string})"/>).</summary>
    public IReadOnlyDictionary<string, SiloAddress> Serving(IReadOnlyDictionary<string, SiloAddress> workers, IReadOnlyCollection<string> models) =>
        workers.Where(w => ModelsOf(w.Value) is not { } served || models.All(served.Contains)).ToDictionary(StringComparer.Ordinal);

    /// <summary>The models the silo's worker serves; null when it does not say.</summary>
    public IReadOnlySet<string>? ModelsOf(SiloAddress silo) =>
        MetadataOf(silo).TryGetValue(ModelsKey, out var list) ? list.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) : null;

    public string? WorkerOf(SiloAddress silo) => MetadataOf(silo).TryGetValue(MetadataKey, out var worker) ? worker : null;

    public double? MemoryOf(SiloAddress silo) =>
        MetadataOf(silo).TryGetValue(MemoryKey, out var text)
        && double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var memory) ? memory : null;

    /// <summary>Whether Orleans' metadata cache lacks this silo's worker id.</summary>
    public bool MissingFromCache(SiloAddress silo) => !metadata.GetSiloMetadata(silo).Metadata.ContainsKey(MetadataKey);

    public bool WasDiscovered(SiloAddress silo) => _discovered.ContainsKey(silo);

    /// <summary>Records the metadata a silo gave when asked directly.</summary>
    public void Discovered(SiloAddress silo, SiloMetadata published) => _discovered[silo] = published;

    /// <summary>Drops what was asked of silos that are no longer active members.</summary>
    public void ForgetAllBut(IReadOnlySet<SiloAddress> active)
    {
        foreach (var silo in _discovered.Keys)
        {
            if (!active.Contains(silo))
            {
                _discovered.TryRemove(silo, out _);
            }
        }
    }

    public static bool IsNewer(SiloAddress silo, SiloAddress than) => silo.Generation > than.Generation;

    private IReadOnlyDictionary<string, string> MetadataOf(SiloAddress silo)
    {
        var cached = metadata.GetSiloMetadata(silo).Metadata;
        return cached.ContainsKey(MetadataKey) || !_discovered.TryGetValue(silo, out var asked) ? cached : asked.Metadata;
    }
}
