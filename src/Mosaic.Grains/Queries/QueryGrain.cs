using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Placement;

namespace Mosaic.Grains.Queries;

/// <summary>
/// Turns a shard of questions into inference requests and sends them to their replicas, one batched message per
/// replica: per-question messages would cost more control-plane time than the whole gate. A stateless worker beside
/// its job, so the fan-out starts on the job's silo and only the batches cross silos.
/// </summary>
[StatelessWorker]
[GrainType("mosaic.query")]
internal sealed class QueryGrain(IOptions<MosaicGrainsOptions> options, ILogger<QueryGrain> logger) : Grain, IQueryGrain
{
    public async Task<IReadOnlyList<CallKey>> DispatchAsync(DispatchWork work)
    {
        var byReplica = work.Questions
            .SelectMany(q => q.Calls.Select(c => (Replica: WorkerKeys.Replica(c.Expert, c.Worker), Request: Request(work, q, c))))
            .GroupBy(p => p.Replica, p => p.Request, StringComparer.Ordinal);
        var sends = byReplica.Select(async group =>
        {
            var requests = group.ToArray();
            try
            {
                await GrainFactory.GetGrain<IExpertGrain>(group.Key).SubmitAsync(requests);
                return [];
            }
            catch (Exception e) when (WorkerFailure.IsWorkerLoss(e))
            {
                logger.LogWarning("Job {Job}: replica {Replica} unreachable, {Calls} calls to plan again: {Error}", work.JobId, group.Key, requests.Length, e.Message);
                return requests.Select(r => r.Key).ToArray();
            }
        });
        return (await Task.WhenAll(sends)).SelectMany(keys => keys).ToArray();
    }

    private InferenceRequest Request(DispatchWork work, QuestionCalls question, CallPlacement call) => new(
        work.JobId, work.Generation, new CallKey(question.Question.Id, call.Slot), call.Expert, question.Question.Text, null, work.Format,
        question.Question.MaxNewTokens ?? work.MaxNewTokens ?? options.Value.Experts[call.Expert].MaxNewTokens, question.Index, question.Question.Gold, question.Question.Skill,
        Priority: work.Priority, StreamText: work.StreamText);
}
