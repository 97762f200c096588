using Microsoft.Extensions.Options;
using Mosaic.Abstractions.Jobs;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Placement;

namespace Mosaic.Grains.Devices;

/// <summary>A worker's control surface, placed on its silo: forwards a job's sessions and lifecycle to the <see cref="WorkerDevice"/>.</summary>
[WorkerPlacement]
[Reentrant]
[GrainType("mosaic.worker")]
internal sealed class WorkerGrain(WorkerDevice device, IOptions<MosaicGrainsOptions> options) : Grain, IWorkerGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var worker = this.GetPrimaryKeyString();
        return worker == options.Value.Worker
            ? Task.CompletedTask
            : throw new WorkerNotInClusterException(worker, worker);
    }

    Task IWorkerGrain.PrepareAsync(string jobId, int generation, JobPriority priority, IReadOnlyList<SessionPlan> sessions)
    {
        device.Prepare(jobId, generation, priority, sessions);
        return Task.CompletedTask;
    }

    Task<WithdrawResult> IWorkerGrain.WithdrawAsync(string jobId, int generation) => device.WithdrawAsync(jobId, generation);

    Task IWorkerGrain.CancelAsync(string jobId, IReadOnlyList<CallKey> calls)
    {
        device.Cancel(jobId, calls);
        return Task.CompletedTask;
    }

    Task IWorkerGrain.CloseAsync(string jobId)
    {
        device.Close(jobId);
        return Task.CompletedTask;
    }

    Task IWorkerGrain.CancelJobAsync(string jobId)
    {
        device.CancelJob(jobId);
        return Task.CompletedTask;
    }

    Task<WorkerStatus> IWorkerGrain.GetStatusAsync() => Task.FromResult(device.Status());

    Task<IReadOnlyList<TimelineEntry>> IWorkerGrain.GetTimelineAsync(string jobId) => Task.FromResult(device.Timeline(jobId));
}
