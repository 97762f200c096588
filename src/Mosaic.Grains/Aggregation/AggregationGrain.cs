using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Aggregation.Gating;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Jobs;
using Mosaic.Grains.Placement;
using Mosaic.Grains.Telemetry;
using Mosaic.Scheduling.Jobs;
using Mosaic.Storage.Jobs;
using Orleans.Placement;
using Orleans.Serialization;

namespace Mosaic.Grains.Aggregation;

/// <summary>
/// The fan-in of one job, placed beside it: applies each call's outcome to its question's gate as it arrives, cancels
/// slots an early decision made pointless, places aggregator calls on the worker predicted free first (holding them
/// until the expert stage ends when the job keeps a stage barrier), and writes every decided question as its own row.
/// Its state is rebuilt from the job's rows whenever the job (re)starts a generation; outcomes that arrive before
/// that are held, and the job is woken.
/// </summary>
[PreferLocalPlacement]
[GrainType("mosaic.aggregation")]
internal sealed class AggregationGrain(
    IJobStore store,
    Serializer serializer,
    WorkerDirectory directory,
    IOptions<MosaicGrainsOptions> options,
    MosaicTelemetry telemetry,
    ILogger<AggregationGrain> logger) : Grain, IAggregationGrain, IAggregationControl
{
    private const int HeldOutcomesLimit = 1_000_000;
    private readonly List<CallOutcome> _held = [];
    /// <summary>Decided questions not yet written: each row and what the metrics count of it once it is stored.</summary>
    private readonly List<(StoredResult Row, DecidedQuestion Counted)> _unsaved = [];
    private readonly HashSet<CallKey> _toCancel = [];
    private readonly List<int> _toAggregate = [];
    private readonly List<int> _barrier = [];
    private readonly Dictionary<int, string> _aggregatorAt = [];
    private int _generation;
    private bool _stopped;
    private bool _wokeJob;
    private JobSpec? _spec;
    private GateSettings _settings = GateSettings.Off;
    private Dictionary<string, int> _indexOf = new(StringComparer.Ordinal);
    private QuestionState?[] _questions = [];
    private AggregatorBalancer? _balancer;
    /// <summary>The totals of this job's stored results, as the store adds them up.</summary>
    private ResultTotals _totals = ResultTotals.Empty;
    private int _pendingExpertSlots;
    private bool _completionSent;
    private int _nextGroup;
    private bool _warnedTensorParallel;
    private readonly HashSet<string> _holding = new(StringComparer.Ordinal);
    private int _holdEpoch;

    private string JobId => this.GetPrimaryKeyString();

    public async Task ReportAsync(IReadOnlyList<CallOutcome> outcomes)
    {
        if (_stopped)
        {
            return;
        }

        if (_generation == 0)
        {
            if (_held.Count < HeldOutcomesLimit)
            {
                _held.AddRange(outcomes);
            }

            if (!_wokeJob)
            {
                _wokeJob = true;
                _ = GrainFactory.GetGrain<IJobControl>(JobId).EnsureRunningAsync();
            }

            return;
        }

        foreach (var outcome in outcomes)
        {
            Apply(outcome);
        }

        await FlushAsync();
    }

    public async Task<IReadOnlyList<PendingCall>> StartAsync(AggregationSetup setup)
    {
        CheckGeneration(setup.Generation, allowNewer: true);
        this.DelayDeactivation(TimeSpan.FromDays(7));
        _generation = setup.Generation;
        _stopped = false;
        _completionSent = false;
        var spec = _spec ??= setup.Spec;
        _settings = JobValidator.Settings(spec.Gate);
        _indexOf = spec.Questions.Select((q, i) => (q.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var answered = (await store.ReadAnsweredIndexesAsync(JobId)).ToHashSet();
        _questions = spec.Questions.Select((q, i) => answered.Contains(i)
            ? null
            : new QuestionState(i, q, new QuestionGate(q.Experts, _settings, spec.Gate.EarlyDecisions))).ToArray();
        _pendingExpertSlots = _questions.Sum(q => q?.Slots.Length ?? 0);
        _totals = await store.ReadTotalsAsync(JobId);
        _unsaved.Clear();
        _toCancel.Clear();
        _toAggregate.Clear();
        _barrier.Clear();
        _aggregatorAt.Clear();
        // Priced like the planner prices the experts: from the aggregator's measured profile when it has one.
        _balancer = spec.Aggregator is { } name ? AggregatorBalancer.For(PoolProfiles.Load(name, options.Value.Experts[name]), options.Value.MaxBatchSize) : null;

        // Aggregator calls still running or queued on live workers will report; they are never sent twice.
        foreach (var (key, worker) in setup.RunningCalls.Where(p => p.Key.IsAggregator))
        {
            if (_indexOf.TryGetValue(key.QuestionId, out var index) && _questions[index] is { } q)
            {
                q.AggregatorSent = true;
                _aggregatorAt[index] = worker;
            }
        }

        var stored = (await store.ReadOutputsAsync(JobId)).Select(o => serializer.Deserialize<CallOutcome>(o.Payload)!);
        foreach (var outcome in stored.OrderBy(o => o.Key.IsAggregator).Concat(_held))
        {
            Apply(outcome);
        }

        _held.Clear();
        logger.LogInformation("Job {Job} generation {Generation}: {Answered} answered, {Pending} expert calls pending",
            JobId, _generation, _totals.Answered, _pendingExpertSlots);
        await FlushAsync();
        return Pending(setup.RunningCalls.Keys.ToHashSet());
    }

    public async Task UpdatePlanAsync(PlanUpdate update)
    {
        CheckGeneration(update.Generation, allowNewer: false);
        _balancer?.SetWorkers(update.PredictedBusySeconds, _spec!.OverlapStages);
        foreach (var (index, worker) in _aggregatorAt.Where(p => update.LostWorkers.Contains(p.Value)).ToArray())
        {
            _aggregatorAt.Remove(index);
            if (_questions[index] is { Aggregator: null } q)
            {
                q.AggregatorSent = false;
                QueueAggregation(q);
            }
        }

        await FlushAsync();
    }

    public Task<AggregationProgress> GetProgressAsync() =>
        Task.FromResult(new AggregationProgress(_stopped ? 0 : _generation, JobCounters.From(_totals), _pendingExpertSlots));

    public Task<JobCounters?> StopAsync(int generation)
    {
        // Not reentrant: a turn that was writing rows has finished, so these counters count every row written.
        var final = generation == _generation && _generation > 0 && !_stopped ? JobCounters.From(_totals) : null;
        if (generation >= _generation)
        {
            _stopped = true;
            _questions = [];
            _held.Clear();
            this.DeactivateOnIdle();
        }

        return Task.FromResult(final);
    }

    private void Apply(CallOutcome outcome)
    {
        if (!_indexOf.TryGetValue(outcome.Key.QuestionId, out var index) || _questions[index] is not { } q)
        {
            return;
        }

        if (outcome.Key.IsAggregator)
        {
            if (q.Aggregator is null && outcome.Status != CallStatus.Cancelled && q.Decision is not null)
            {
                q.Aggregator = outcome;
                _aggregatorAt.Remove(index);
                Record(q);
            }

            return;
        }

        var slot = outcome.Key.Slot;
        if (slot < 0 || slot >= q.Slots.Length || q.Slots[slot] is not null)
        {
            return;
        }

        // The leader's slot and its repeats (only the leader ever runs a call, so none of them has an outcome yet).
        var answered = q.Slots.Length <= 64 ? stackalloc int[q.Slots.Length] : new int[q.Slots.Length];
        answered = answered[..SharedSlots.AnsweredBy(_spec!, q.Question, slot, answered)];
        foreach (var shared in answered)
        {
            q.Slots[shared] = outcome;
            if (shared != slot)
            {
                q.MarkShared(shared, slot);
            }
        }

        if (q.Cancelled[slot] || q.Decision is not null)
        {
            return; // finished before our cancellation reached it: kept in the record, the decision stands
        }

        // Undecided, so none of these slots was cancelled or recorded: all of them vote now, together.
        var answer = ResultBuilder.ExpertAnswer(outcome, _spec!.AnswerFormat);
        foreach (var shared in answered)
        {
            q.Answers[shared] = answer;
        }

        _pendingExpertSlots -= answered.Length;
        if (q.Gate.Record(answered, answer) is GateStep.Decided decided)
        {
            Decide(q, decided);
        }
    }

    private void Decide(QuestionState q, GateStep.Decided decided)
    {
        q.Decision = decided;
        q.ExpertsDoneAt = DateTimeOffset.UtcNow;
        foreach (var slot in decided.CancelSlots)
        {
            q.Cancelled[slot] = true;
            _pendingExpertSlots--;
            var leader = SharedSlots.LeaderOf(_spec!, q.Question, slot);
            if (leader == slot)
            {
                _toCancel.Add(q.Key(slot));
            }
            else
            {
                q.MarkShared(slot, leader); // no call of its own to cancel: it goes with its leader's
            }
        }

        if (decided.Decision.SkipsAggregator || _spec!.Aggregator is null || !ResultBuilder.HasCandidates(q))
        {
            Record(q); // without a single expert output the aggregator could only make an answer up
        }
        else if (!q.AggregatorSent)
        {
            QueueAggregation(q);
        }
    }

    private void QueueAggregation(QuestionState q) => (_spec!.OverlapStages ? _toAggregate : _barrier).Add(q.Index);

    private void Record(QuestionState q)
    {
        var result = ResultBuilder.Build(q, _spec!.AnswerFormat, DateTimeOffset.UtcNow, hasAggregator: _spec.Aggregator is not null);
        var summary = ResultBuilder.Summary(result);
        _unsaved.Add((
            new StoredResult(q.Index, q.Question.Id, serializer.SerializeToArray(result), summary),
            new DecidedQuestion(result.FinalAnswer is not null, ResultBuilder.SkippedByGate(q, _spec.Aggregator is not null), summary.CancelledCalls)));
        _questions[q.Index] = null;
    }

    private IReadOnlyList<PendingCall> Pending(IReadOnlySet<CallKey> running)
    {
        var pending = new List<PendingCall>();
        foreach (var q in _questions)
        {
            if (q is null || q.Decision is not null)
            {
                continue;
            }

            for (var slot = 0; slot < q.Slots.Length; slot++)
            {
                if (!q.IsSlotDone(slot) && SharedSlots.RunsCall(_spec!, q.Question, slot) && !running.Contains(q.Key(slot)))
                {
                    pending.Add(new PendingCall(q.Index, slot));
                }
            }
        }

        return pending;
    }

    /// <summary>Sends the cancellations and aggregator calls this turn decided, then writes the decided questions' rows.</summary>
    private async Task FlushAsync()
    {
        if (_pendingExpertSlots == 0 && _barrier.Count > 0)
        {
            _toAggregate.AddRange(_barrier);
            _barrier.Clear();
        }

        await Task.WhenAll(SendCancellationsAsync(), SendAggregationsAsync());
        await ReleaseHoldsAsync();
        if (_unsaved.Count > 0)
        {
            // Kept until written: when the store is unreachable the report fails, its worker sends it again, and this
            // flush writes them then (the rows are keyed by question, so a write that did land is not counted twice).
            var batch = _unsaved.ToArray();
            await store.SaveResultsAsync(JobId, [.. batch.Select(b => b.Row)]);
            _unsaved.RemoveRange(0, batch.Length);
            telemetry.Decided(JobId, [.. batch.Select(b => b.Counted)]);
            _totals = batch.Aggregate(_totals, (totals, b) => totals.Add(b.Row.Summary));
        }

        if (!_completionSent && _spec is not null && _totals.Answered >= _spec.Questions.Count)
        {
            await GrainFactory.GetGrain<IJobControl>(JobId).CompletedAsync(_generation, JobCounters.From(_totals));
            _completionSent = true;
        }
    }

    /// <summary>Cancellations go to every live worker: a call may have moved since it was planned, and an unknown key is remembered and refused on arrival.</summary>
    private async Task SendCancellationsAsync()
    {
        if (_toCancel.Count == 0)
        {
            return;
        }

        var keys = _toCancel.ToArray();
        _toCancel.Clear();
        await Task.WhenAll(directory.ActiveWorkers().Keys.Select(async worker =>
        {
            try
            {
                await GrainFactory.GetGrain<IWorkerGrain>(worker).CancelAsync(JobId, keys);
            }
            catch (Exception e) when (WorkerFailure.IsWorkerLoss(e))
            {
            }
        }));
    }

    private async Task SendAggregationsAsync()
    {
        var spec = _spec!;
        var groups = TensorParallelGroups();
        if (_toAggregate.Count == 0 || (groups.Count == 0 && _balancer is not { Workers.Count: > 0 }))
        {
            return; // no worker to place them on until the plan arrives: scanning them on every report would cost O(n²)
        }

        var placed = new Dictionary<string, List<InferenceRequest>>(StringComparer.Ordinal);
        foreach (var index in _toAggregate)
        {
            if (_questions[index] is not { AggregatorSent: false } q)
            {
                continue;
            }

            // One TP engine over a group of workers (its first worker serves the calls, the others hold their GPUs for
            // the engine), else one TP = 1 replica on the worker predicted free first.
            string worker;
            var size = 1;
            if (groups.Count > 0)
            {
                var group = groups[_nextGroup++ % groups.Count];
                (worker, size) = (group[0], group.Length);
                Hold(group, placed);
            }
            else if (_balancer?.Pick() is { } picked)
            {
                worker = picked;
            }
            else
            {
                continue;
            }

            q.AggregatorSent = true;
            _aggregatorAt[index] = worker;
            var responses = q.Slots.Where(o => o is { Status: CallStatus.Completed, Output: not null })
                .Select(o => new ResponseInput(o!.Expert, o.Output!.Text, o.Output.OutputTokens)).ToArray();
            var request = new InferenceRequest(
                JobId, _generation, CallKey.Aggregator(q.Question.Id), spec.Aggregator!, q.Question.Text, responses, spec.AnswerFormat,
                q.Question.MaxNewTokens ?? spec.MaxNewTokens ?? options.Value.Experts[spec.Aggregator!].MaxNewTokens, index, q.Question.Gold, q.Question.Skill,
                TensorParallelSize: size, Priority: spec.Priority, StreamText: spec.StreamText);
            (placed.TryGetValue(worker, out var list) ? list : placed[worker] = []).Add(request);
        }

        _toAggregate.RemoveAll(i => _questions[i] is not { AggregatorSent: false });
        await Task.WhenAll(placed.Select(async p =>
        {
            try
            {
                await GrainFactory.GetGrain<IExpertGrain>(WorkerKeys.Replica(spec.Aggregator!, p.Key)).SubmitAsync(p.Value);
            }
            catch (Exception e) when (WorkerFailure.IsWorkerLoss(e))
            {
                logger.LogWarning("Job {Job}: worker {Worker} unreachable for {Calls} aggregator calls; placing them again", JobId, p.Key, p.Value.Count);
                _balancer!.Remove(p.Key);
                _holding.Remove(p.Key);
                foreach (var request in p.Value.Where(r => r.Reports))
                {
                    _aggregatorAt.Remove(request.QuestionIndex);
                    if (_questions[request.QuestionIndex] is { } q)
                    {
                        q.AggregatorSent = false;
                        _toAggregate.Add(q.Index);
                    }
                }
            }
        }));
    }

    /// <summary>
    /// The other workers of a tensor-parallel engine hold their GPUs for it: each gets one hold call (rank ≥ 1, never
    /// reported) that runs until the engine has served every call it was sent (<see cref="ReleaseHoldsAsync"/>).
    /// </summary>
    private void Hold(string[] group, Dictionary<string, List<InferenceRequest>> placed)
    {
        for (var rank = 1; rank < group.Length; rank++)
        {
            if (_holding.Add(group[rank]))
            {
                var hold = new InferenceRequest(JobId, _generation, HoldKey, _spec!.Aggregator!, string.Empty, null, _spec.AnswerFormat, null, -1, null, null,
                    rank, group.Length, _spec.Priority);
                (placed.TryGetValue(group[rank], out var list) ? list : placed[group[rank]] = []).Add(hold);
            }
        }
    }

    /// <summary>Once no aggregator call is waiting or running, the engine's other workers are released.</summary>
    private async Task ReleaseHoldsAsync()
    {
        if (_holding.Count == 0 || _aggregatorAt.Count > 0 || _toAggregate.Count > 0 || _barrier.Count > 0)
        {
            return;
        }

        var (workers, key) = (_holding.ToArray(), HoldKey);
        _holding.Clear();
        _holdEpoch++;
        await Task.WhenAll(workers.Select(async worker =>
        {
            try
            {
                await GrainFactory.GetGrain<IWorkerGrain>(worker).CancelAsync(JobId, [key]);
            }
            catch (Exception e) when (WorkerFailure.IsWorkerLoss(e))
            {
            }
        }));
    }

    /// <summary>The key of this job's current engine holds (a new one per engine: a cancelled key is refused afterwards).</summary>
    private CallKey HoldKey => CallKey.Aggregator($"mosaic:tensor-parallel-hold:{_holdEpoch}");

    /// <summary>
    /// With <see cref="MosaicGrainsOptions.AggregatorTensorParallel"/> &gt; 1 and the stage barrier, the live workers in
    /// groups of that size, each one tensor-parallel aggregator engine (workers beyond the last full group stay idle);
    /// none (replicas) when the stages overlap or there are too few workers.
    /// </summary>
    private IReadOnlyList<string[]> TensorParallelGroups()
    {
        var size = options.Value.AggregatorTensorParallel;
        if (size <= 1 || _spec!.OverlapStages || _balancer is null)
        {
            return [];
        }

        var groups = _balancer.Workers.Order(StringComparer.Ordinal).Chunk(size).Where(g => g.Length == size).ToArray();
        if (groups.Length == 0 && !_warnedTensorParallel)
        {
            _warnedTensorParallel = true;
            logger.LogWarning("Job {Job}: {Workers} live worker(s) cannot form a TP = {Size} aggregator engine; using replicas", JobId, _balancer.Workers.Count, size);
        }

        return groups;
    }

    private void CheckGeneration(int generation, bool allowNewer)
    {
        if (generation < _generation || (!allowNewer && generation != _generation))
        {
            throw new StaleGenerationException(JobId, generation, _generation);
        }
    }
}
