using Orleans.Configuration;
using Orleans.Hosting;

namespace Mosaic.Storage;

/// <summary>Cluster membership settings for small GPU clusters (a handful of silos, one per GPU).</summary>
public static class MosaicMembershipSiloBuilderExtensions
{
    /// <summary>
    /// Failure detection tuned so that a dead silo is declared dead within about 15 s, even when most silos die at once
    /// (Orleans' defaults take 90 s or more there: a lone survivor cannot gather two votes and waits for the dead silos'
    /// heartbeats to go stale). Why each value, and what it costs, is explained in docs/storage.md ("Membership").
    /// Call after the clustering provider; values set later by the host still win.
    /// </summary>
    public static ISiloBuilder UseMosaicMembershipDefaults(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Configure<ClusterMembershipOptions>(options =>
        {
            // Probing: the effective probe period and timeout adapt to the measured round trip within [Min, Max]; on a
            // LAN they settle near Min (1 s). Three missed probes make a silo suspect.
            options.ProbeTimeout = TimeSpan.FromSeconds(2);
            options.MinProbeTimeout = TimeSpan.FromSeconds(1);
            options.MaxProbeTimeout = TimeSpan.FromSeconds(3);
            options.NumMissedProbesLimit = 3;
            options.EnableIndirectProbes = true;

            // A live connection vetoes a vote for MaxProbeTimeout × NumMissedProbesLimit (9 s) after its last message.
            options.EnableConnectionLivenessCheck = true;

            // Votes: two when enough silos are healthy; Orleans lowers the quorum to half the active, fresh silos, so a
            // lone survivor decides alone once the dead silos' heartbeats are stale.
            options.NumVotesForDeathDeclaration = 2;
            options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(20);

            // Heartbeats in the table: a silo that has not written for 3 × 2 s = 6 s is stale: it stops counting toward
            // the quorum and is no longer used as an indirect-probe intermediary.
            options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            options.NumMissedTableIAmAliveLimit = 3;

            // Re-read the table every 2 s, so the staleness above is noticed promptly.
            options.TableRefreshTimeout = TimeSpan.FromSeconds(2);

            // Restarted silos leave dead rows behind; keep them an hour instead of a week.
            options.DefunctSiloExpiration = TimeSpan.FromHours(1);
            options.DefunctSiloCleanupPeriod = TimeSpan.FromMinutes(10);
        });
    }
}
