using Microsoft.Extensions.DependencyInjection;

namespace Mosaic.Grains.Devices;

/// <summary>
/// Stops this silo's device and outcome forwarder while the silo is still a cluster member (the silo's Active stage):
/// a graceful stop cancels the running calls (not reported, so the job plans them again) and persists and reports
/// every finished one before the silo leaves; a stop without grace (the token already cancelled, as a test cluster
/// kills a silo) drops what is not yet persisted, as a crash would. Left to disposal, both ran after the silo had left
/// the cluster, so a device that kept generating could persist calls the job had already re-planned elsewhere.
/// </summary>
internal sealed class WorkerShutdown(IServiceProvider services) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WorkerShutdown), ServiceLifecycleStage.Active, _ => Task.CompletedTask, StopAsync);

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        var device = services.GetRequiredService<WorkerDevice>();
        var forwarder = services.GetRequiredService<OutcomeForwarder>();
        if (cancellationToken.IsCancellationRequested)
        {
            await forwarder.AbandonAsync();
            await device.DisposeAsync();
        }
        else
        {
            await device.DisposeAsync();
            await forwarder.DisposeAsync();
        }
    }
}
