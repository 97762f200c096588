using Microsoft.Extensions.Options;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Placement;

namespace Mosaic.Grains.Devices;

/// <summary>
/// An expert replica: placed on its worker's silo by <see cref="WorkerPlacementDirector"/>, it queues requests on that
/// silo's <see cref="WorkerDevice"/> and returns; outcomes travel back through the <see cref="OutcomeForwarder"/>.
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

    Task IExpertGrain.SubmitAsync(IReadOnlyList<InferenceRequest> requests)
    {
        var expert = WorkerKeys.ExpertOf(this.GetPrimaryKeyString());
        if (requests.FirstOrDefault(r => r.Expert != expert) is { } stray)
        {
            throw new ArgumentException($"request {stray.Key} of job {stray.JobId} is for expert '{stray.Expert}', not replica '{this.GetPrimaryKeyString()}'", nameof(requests));
        }

        device.Submit(requests);
        return Task.CompletedTask;
    }
}
