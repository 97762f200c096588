using Mosaic.Grains.Placement;

namespace Mosaic.Grains.Devices;

/// <summary>Forwards a job's session plan and lifecycle to this silo's <see cref="WorkerDevice"/>.</summary>
[WorkerPlacement]
[Reentrant]
[GrainType("mosaic.worker")]
internal sealed class WorkerGrain(WorkerDevice device) : Grain, IWorkerGrain
{
    public Task PrepareAsync(string jobId, IReadOnlyList<SessionOrder> sessions)
    {
        device.Prepare(jobId, sessions);
        return Task.CompletedTask;
    }

    public Task CloseAsync(string jobId)
    {
        device.Close(jobId);
        return Task.CompletedTask;
    }

    public Task CancelJobAsync(string jobId)
    {
        device.CancelJob(jobId);
        return Task.CompletedTask;
    }

    public Task<int> GetLoadCountAsync() => Task.FromResult(device.Loads);
}
