using Orleans.Runtime;

namespace Mosaic.Silo.Admin;

/// <summary>
/// /readyz: the silo has run its whole start (every lifecycle stage to the last: joined the cluster, grains can be placed
/// here) and has not begun stopping, and membership still lists it Active (a silo declared dead is not ready, even
/// before it stops). Until 2026-12-06 it was ready from the Active stage on, while later stages still started, and a
/// SIGTERM in that window (an orchestrator acting on the first 200) cancelled the start: a non-graceful stop, exit 1.
/// </summary>
internal sealed class SiloReadiness(IServiceProvider services) : ILifecycleParticipant<ISiloLifecycle>
{
    private volatile bool _started;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloReadiness), ServiceLifecycleStage.Last,
            _ => Mark(true),
            _ => Mark(false));

    /// <summary>Ready or not, the silo's membership status ("Starting" before its Active stage), the active silos it sees.</summary>
    public (bool Ready, string Status, int ActiveSilos, string Silo) Check()
    {
        if (!_started)
        {
            return (false, "Starting", 0, "");
        }

        var local = services.GetRequiredService<ILocalSiloDetails>();
        var snapshot = services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot;
        var status = snapshot.GetSiloStatus(local.SiloAddress);
        var active = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        return (status == SiloStatus.Active, status.ToString(), active, local.SiloAddress.ToParsableString());
    }

    private Task Mark(bool started)
    {
        _started = started;
        return Task.CompletedTask;
    }
}
