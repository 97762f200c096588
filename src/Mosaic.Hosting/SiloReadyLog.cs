using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Mosaic.Hosting;

/// <summary>
/// Logs one line once the silo is active in the cluster — <c>Mosaic silo gpu1 active: silo S127.0.0.1:11112:…, gateway
/// port 30001</c> — so operators and process supervisors (the multi-process benchmarks and tests) know it is up.
/// </summary>
internal sealed class SiloReadyLog(ILocalSiloDetails silo, IOptions<EndpointOptions> endpoints, ILogger<SiloReadyLog> logger, string worker)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public const string Marker = "Mosaic silo";

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloReadyLog), ServiceLifecycleStage.Active, _ =>
        {
            logger.LogInformation("{Marker} {Worker} active: silo {Silo}, gateway port {GatewayPort}", Marker, worker, silo.SiloAddress, endpoints.Value.GatewayPort);
            return Task.CompletedTask;
        });
}
