using Microsoft.Extensions.Options;
using Mosaic.Client;
using Mosaic.Gateway.Chat;
using Mosaic.Gateway.Hosting;

namespace Mosaic.Gateway.Health;

/// <summary>
/// Ready when the cluster answers (one stateless grain call on the silo the client reaches) within the timeout, at least
/// one worker is active, the cluster knows every model of the pool, and the warm-up (<see cref="GatewayWarmUp"/>), if
/// configured, has ended.
/// </summary>
internal sealed class ReadinessProbe(IMosaicClient client, PoolCatalog catalog, WarmUpState warmUp, IOptions<GatewayOptions> options)
{
    public async Task<Readiness> CheckAsync(CancellationToken ct)
    {
        var cluster = await CheckClusterAsync(ct);
        return cluster.Ready && !warmUp.HasEnded
            ? cluster with { Ready = false, Reason = "warming up: a batch of each model on each worker before the first user's job" }
            : cluster;
    }

    /// <summary>The same check without the warm-up: whether the cluster can take the pool's jobs (what the warm-up waits for).</summary>
    public async Task<Readiness> CheckClusterAsync(CancellationToken ct)
    {
        try
        {
            var status = await client.GetClusterStatusAsync().WaitAsync(options.Value.ReadinessTimeout, ct);
            var missing = catalog.RequiredClusterModels.Where(m => !status.Models.Contains(m)).ToArray();
            var reason = status.Workers.Count == 0 ? "no worker is active"
                : missing.Length > 0 ? $"the cluster has no model named {string.Join(", ", missing)}"
                : null;
            return new Readiness(reason is null, reason, status.Workers, status.Models);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new Readiness(false, $"the cluster is not reachable: {ClusterErrors.Reason(e)}", [], []);
        }
    }
}
