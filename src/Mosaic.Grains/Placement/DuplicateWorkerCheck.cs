using Microsoft.Extensions.Options;
using Mosaic.Grains.Hosting;

namespace Mosaic.Grains.Placement;

/// <summary>
/// Refuses the start of a silo whose worker id another live silo already serves (a copied command line, a compose file
/// with one id twice): the cluster would plan on the newer one and leave the other's GPU idle without a word. Each
/// active silo that says it is the same worker, or has not said yet, is asked directly; one that answers is alive. A
/// worker restarted after a crash is not refused: its old incarnation, still listed until it is declared dead, cannot
/// answer.
/// </summary>
internal sealed class DuplicateWorkerCheck(
    IClusterMembershipService membership,
    ILocalSiloDetails local,
    WorkerDirectory directory,
    IGrainFactory grains,
    IOptions<MosaicGrainsOptions> options) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(3);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DuplicateWorkerCheck), ServiceLifecycleStage.Active, CheckAsync);

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var worker = options.Value.Worker;
        var others = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(local.SiloAddress))
            .Select(m => m.SiloAddress)
            .Where(silo => directory.WorkerOf(silo) is not { } id || id == worker);
        var alive = await Task.WhenAll(others.Select(silo => ServesAsync(silo, worker, cancellationToken)));
        if (alive.FirstOrDefault(silo => silo is not null) is { } holder)
        {
            throw new DuplicateWorkerException(
                $"worker id '{worker}' is already served by the live silo {holder}: give every silo of a cluster its own worker id (--worker, or Mosaic:Worker)");
        }
    }

    /// <summary>The silo, when it answers and says it is <paramref name="worker"/>; null otherwise.</summary>
    private async Task<SiloAddress?> ServesAsync(SiloAddress silo, string worker, CancellationToken cancellationToken)
    {
        try
        {
            var published = await grains.GetGrain<ISiloMetadataGrain>(silo.ToParsableString()).GetAsync().WaitAsync(AskTimeout, cancellationToken);
            return published.Metadata.TryGetValue(WorkerDirectory.MetadataKey, out var id) && id == worker ? silo : null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return null; // gone, or not yet able to answer: not a live holder of the id
        }
    }
}
