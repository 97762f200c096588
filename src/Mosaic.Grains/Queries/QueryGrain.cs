using Microsoft.Extensions.Logging;
using Mosaic.Abstractions.Results;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Gating;
using Mosaic.Aggregation.Prompting;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Jobs;
using Mosaic.Grains.Placement;

namespace Mosaic.Grains.Queries;

/// <summary>
/// One question: sends its k expert calls to the planned replicas at once, gates the answers as they arrive
/// (cancelling calls an early decision made pointless), and sends undecided questions to the aggregator. A replica
/// whose worker is gone is replaced through the job. Holds no state: a re-run after a failure starts over.
/// A stateless worker with one activation per silo and key: it lives beside its job (so the fan-out stays on one
/// silo and only expert calls cross silos) and costs no grain-directory registration per question.
/// </summary>
[Reentrant]
[StatelessWorker(1)]
[GrainType("mosaic.query")]
internal sealed class QueryGrain(ILogger<QueryGrain> logger) : Grain, IQueryGrain
{
    private const int MaxAttempts = 8;
    private Task<QuestionResult>? _run;
    private QueryWork? _work;
    private CancellationTokenSource? _runCancellation;

    public Task<QuestionResult> RunAsync(QueryWork work, CancellationToken cancellationToken)
    {
        if (_run is { IsCanceled: false, IsFaulted: false } current && _work?.PlanId == work.PlanId)
        {
            return current; // running: join it; finished: the caller lost the answer, hand it out again
        }

        // A newer plan of the job supersedes a run still in flight (its caller died with the old job activation).
        _runCancellation?.Cancel();
        _runCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _work = work;
        return _run = RunCoreAsync(work, _runCancellation.Token);
    }

    private async Task<QuestionResult> RunCoreAsync(QueryWork work, CancellationToken cancellationToken)
    {
        var settings = GateSpecs.ToSettings(work.Gate);
        var format = GateSpecs.ToFormat(work.AnswerFormat);
        var slotTokens = work.Slots.Select(_ => CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)).ToArray();
        var assignments = work.Slots.ToArray();
        var calls = work.Slots.Select((slot, i) => CallAsync(work, i, assignments, format, slotTokens[i].Token)).ToList();
        var results = new ExpertCallResult?[calls.Count];
        var received = new List<ExpertAnswer>();
        GateDecision? decision = null;

        var pending = new HashSet<Task<ExpertCallResult>>(calls);
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending);
            pending.Remove(done);
            var index = calls.IndexOf(done);
            results[index] = await done;
            received.Add(new ExpertAnswer(work.Slots[index].Expert, results[index]!.Answer));

            if (work.Gate.EarlyDecisions && pending.Count > 0 && !GateSpecs.IsOff(work.Gate)
                && ConfidenceGate.DecideEarly(received, pending.Count, settings) is EarlyDecision.Settled settled)
            {
                decision = settled.Decision;
                // Cancelling the call may keep its request from ever being sent, so the device is also told directly:
                // its planned session then stops waiting for that request id.
                foreach (var other in pending)
                {
                    var i = calls.IndexOf(other);
                    slotTokens[i].Cancel();
                    var slot = assignments[i];
                    _ = GrainFactory.GetGrain<IExpertGrain>(WorkerKeys.Replica(slot.Expert, slot.Worker)).CancelAsync(work.JobId, slot.RequestId);
                }

                foreach (var other in pending)
                {
                    results[calls.IndexOf(other)] = await other;
                }

                break;
            }
        }

        var expertsDone = DateTimeOffset.UtcNow;
        var decidedEarly = decision is not null;
        decision ??= ConfidenceGate.Decide(
            results.Select((r, i) => new ExpertAnswer(work.Slots[i].Expert, r!.Answer)).ToArray(), settings);
        var skip = decision.SkipsAggregator && !GateSpecs.IsOff(work.Gate);

        ExpertCallResult? aggregatorCall = null;
        var final = skip ? decision.Answer : null;
        if (!skip)
        {
            aggregatorCall = await AggregateAsync(work, results.Select(r => r!).ToArray(), format, cancellationToken);
            final = aggregatorCall.Answer;
        }

        return new QuestionResult(
            work.Question.Id,
            results.Select(r => r!).ToArray(),
            new GateSummary(
                skip, decision.Answer, decision.Confidence, decision.Settings.Threshold, work.Gate.Rule,
                string.Join(" ", decision.Votes.Select(v => $"{v.Answer}:{v.Votes}")),
                GateSpecs.IsOff(work.Gate) ? "the gate is off: every question goes to the aggregator" : decision.Reason, decidedEarly),
            aggregatorCall,
            final,
            work.Question.Gold,
            0,
            expertsDone);
    }

    private async Task<ExpertCallResult> CallAsync(
        QueryWork work, int index, SlotAssignment[] assignments, AnswerFormat format, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var slot = assignments[index];
            var request = new InferenceRequest(
                work.JobId, slot.RequestId, slot.Expert, ExpertPrompts.System, work.Question.Text, work.MaxNewTokens,
                work.Question.Id, work.Question.Gold, work.Question.Skill, slot.Slot);
            try
            {
                var output = await GrainFactory.GetGrain<IExpertGrain>(WorkerKeys.Replica(slot.Expert, slot.Worker))
                    .GenerateAsync(request, cancellationToken);
                return Completed(slot.Expert, slot.Worker, output, AnswerExtractor.Extract(output.Text, format));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return new ExpertCallResult(slot.Expert, slot.Worker, "cancelled", null, null, 0, 0, 0, false);
            }
            catch (Exception e) when (WorkerFailure.IsWorkerLoss(e) && attempt < MaxAttempts)
            {
                logger.LogWarning("Expert call {Request} on {Worker} lost its worker: {Error}", slot.RequestId, slot.Worker, e.Message);
                assignments[index] = await GrainFactory.GetGrain<IJobCoordinatorGrain>(work.JobId).ReassignAsync(work.Question.Id, slot);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Expert call {Request} failed", slot.RequestId);
                return new ExpertCallResult(slot.Expert, slot.Worker, "failed", e.Message, null, 0, 0, 0, false);
            }
        }
    }

    private async Task<ExpertCallResult> AggregateAsync(
        QueryWork work, IReadOnlyList<ExpertCallResult> experts, AnswerFormat format, CancellationToken cancellationToken)
    {
        var prompt = AggregatorPromptBuilder.Build(
            work.Question.Text, experts.Where(e => e.Text is not null && e.Status == "completed").Select(e => e.Text!).ToArray(), format);
        string? failedWorker = null;
        for (var attempt = 0; ; attempt++)
        {
            var worker = await GrainFactory.GetGrain<IJobCoordinatorGrain>(work.JobId).AssignAggregatorAsync(work.Question.Id, failedWorker);
            var request = new InferenceRequest(
                work.JobId, $"{work.PlanId}:agg:{work.Question.Id}:{attempt}", work.Aggregator, prompt.System, prompt.User, work.MaxNewTokens,
                work.Question.Id, work.Question.Gold, work.Question.Skill, experts.Count);
            try
            {
                var output = await GrainFactory.GetGrain<IExpertGrain>(WorkerKeys.Replica(work.Aggregator, worker))
                    .GenerateAsync(request, cancellationToken);
                return Completed(work.Aggregator, worker, output, AggregatorAnswerParser.Parse(output.Text, format).Answer);
            }
            catch (Exception e) when (WorkerFailure.IsWorkerLoss(e) && attempt < MaxAttempts)
            {
                failedWorker = worker;
            }
        }
    }

    private static ExpertCallResult Completed(string expert, string worker, InferenceOutput output, string? answer) =>
        new(expert, worker, "completed", output.Text, answer, output.InputTokens, output.OutputTokens, output.Seconds, output.Emulated);
}
