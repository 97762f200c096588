using Microsoft.Extensions.Options;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Placement;

namespace Mosaic.Grains.Devices;

/// <summary>
/// An expert replica: placed on its worker's silo by <see cref="WorkerPlacementDirector"/>, it hands requests to
/// that silo's <see cref="WorkerDevice"/>, which batches them into the plan's sessions.
/// </summary>
[WorkerPlacement]
[Reentrant]
[GrainType("mosaic.expert")]
internal sealed class ExpertGrain(WorkerDevice device, IOptions<MosaicGrainsOptions> options) : Grain, IExpertGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var worker = WorkerKeys.WorkerOf(this.GetPrimaryKeyString());
        return worker == options.Value.Worker
            ? Task.CompletedTask
            : throw new WorkerNotInClusterException(worker, this.GetPrimaryKeyString());
    }

    public async Task<InferenceOutput> GenerateAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.Register(() => device.Cancel(request.JobId, request.RequestId));
        return await device.Submit(request);
    }

    public Task CancelAsync(string jobId, string requestId)
    {
        device.Cancel(jobId, requestId);
        return Task.CompletedTask;
    }
}
