using System.Globalization;
using Mosaic.Aggregation.Gating;
using Mosaic.Scheduling.Emulation;
using Mosaic.Scheduling.Jobs;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling.Simulation;

/// <summary>One run of <see cref="PipelineSimulator"/>: the event loop and its state.</summary>
internal sealed class PipelineExecution
{
    private readonly EmulationModel _model;
    private readonly PipelineOptions _options;
    private readonly SimulatedQuestion[] _questions;
    private readonly Dictionary<string, SimulatedCall[]> _callsOfExpert;
    private readonly SimulatedWorker[] _workers;
    private readonly List<SimulatedQuestion> _afterBarrier = [];
    private readonly AggregatorBalancer _balancer;
    private int _phase;
    private int _cancelled;
    private double _now;

    public PipelineExecution(
        SchedulePlan plan, SchedulingInstance instance, IReadOnlyList<EmulatedQuestion> questions, EmulationModel model, PipelineOptions options)
    {
        _model = model;
        _options = options;
        _questions = questions.Select(q => new SimulatedQuestion(q.Id, q.Experts.Count)).ToArray();
        _callsOfExpert = [];
        foreach (var (expert, slots) in EmulatedWorkload.SlotsOfExpert(questions))
        {
            _callsOfExpert[expert] = slots.Select(s =>
            {
                var call = new SimulatedCall(s.Question, s.Slot, expert, model.ExpertCall(expert, questions[s.Question].Id, s.Slot));
                _questions[s.Question].Calls[s.Slot] = call;
                return call;
            }).ToArray();
        }

        var speeds = instance.Workers.ToDictionary(w => w.Id, w => w.Speed, StringComparer.Ordinal);
        _workers = plan.Workers.Select((w, n) => new SimulatedWorker(
            n, w, speeds.TryGetValue(w.Worker, out var speed) ? speed : throw new ArgumentException($"plan worker '{w.Worker}' is not in the instance"))).ToArray();
        CheckCoverage(plan);

        // Aggregator calls are placed as the serving system places them: on the worker predicted free first from its
        // planned expert work, one replica load and an average call per call it already holds (it cannot know a
        // call's output before running it).
        _balancer = new AggregatorBalancer(model.AggregatorReplicaLoadSeconds, PaperCalibration.ExpectedReplicaCallSeconds(model.Profile));
        _balancer.SetWorkers(plan.Workers.ToDictionary(w => w.Worker, w => w.BusySeconds, StringComparer.Ordinal), overlap: true);
    }

    public PipelineResult Run()
    {
        foreach (var worker in _workers)
        {
            BeginSession(worker);
        }

        while (true)
        {
            var next = NextEvent();
            if (next is null)
            {
                if (ReleaseBarrier())
                {
                    continue;
                }

                break;
            }

            _now = next.Until;
            Advance(next);
            if (EveryWorkerAtBarrierOrDone())
            {
                ReleaseBarrier();
            }
        }

        var undecided = _questions.Count(q => !q.Decided);
        if (undecided > 0)
        {
            throw new InvalidOperationException($"the plan left {undecided} question(s) without all their expert answers");
        }

        var expertStage = _workers.Max(w => w.ExpertEnd);
        var aggregatorStage = _options.OverlapStages
            ? Math.Max(0, _workers.Max(w => w.AggregatorEnd) - expertStage)
            : RunAggregatorAfterBarrier(expertStage);
        return new PipelineResult(
            expertStage,
            aggregatorStage,
            _questions.Length,
            _questions.Count(q => q.Aggregated),
            _cancelled,
            _questions.Count(q => q.FinalChoice == 0),
            _workers.Select(w => new WorkerTimeline(w.Plan.Worker, w.Intervals)).ToArray());
    }

    private SimulatedWorker? NextEvent()
    {
        SimulatedWorker? next = null;
        foreach (var worker in _workers)
        {
            if (!double.IsPositiveInfinity(worker.Until) && (next is null || worker.Until < next.Until))
            {
                next = worker;
            }
        }

        return next;
    }

    private bool EveryWorkerAtBarrierOrDone()
    {
        var waiting = false;
        foreach (var worker in _workers)
        {
            if (worker.Activity == WorkerActivity.AtBarrier)
            {
                waiting = true;
            }
            else if (!worker.ExpertsDone)
            {
                return false;
            }
        }

        return waiting;
    }

    private void Advance(SimulatedWorker worker)
    {
        switch (worker.Activity)
        {
            case WorkerActivity.Loading:
                worker.Intervals.Add(new TimelineInterval(TimelineInterval.Load, worker.Session!.Expert, worker.SessionStart, _now, 0));
                worker.GenerationStart = _now;
                StartNextCall(worker);
                break;
            case WorkerActivity.Generating:
                var call = worker.Current!;
                worker.Current = null;
                call.RunningOn = null;
                if (!call.Cancelled)
                {
                    call.Done = true;
                    Deliver(call);
                }

                StartNextCall(worker);
                break;
            case WorkerActivity.Draining:
                EndSession(worker);
                break;
            case WorkerActivity.AggregatorLoading:
                worker.Intervals.Add(new TimelineInterval(TimelineInterval.Load, _model.Profile.Aggregator.Model, worker.SessionStart, _now, 0));
                worker.AggregatorReadyAt = _now;
                StartNextJob(worker);
                break;
            case WorkerActivity.Aggregating:
                FinishJob(worker);
                StartNextJob(worker);
                break;
            default:
                throw new InvalidOperationException($"worker {worker.Plan.Worker} has an event while {worker.Activity}");
        }
    }

    private void BeginSession(SimulatedWorker worker)
    {
        while (worker.Session is { } session)
        {
            if (session.Phase > _phase)
            {
                worker.Activity = WorkerActivity.AtBarrier;
                worker.Until = double.PositiveInfinity;
                return;
            }

            var calls = session.PromptIds.Select(q => _callsOfExpert[session.Expert][q]).Where(c => c.Pending).ToList();
            if (calls.Count == 0)
            {
                // Every call of this run was cancelled before it started: the model is never loaded.
                worker.SessionIndex++;
                continue;
            }

            calls.Sort((a, b) => (a.Output.Seconds, a.Question, a.Slot).CompareTo((b.Output.Seconds, b.Question, b.Slot)));
            worker.Requests = calls;
            worker.Cursor = 0;
            worker.Started = 0;
            worker.SessionStart = _now;
            worker.Activity = WorkerActivity.Loading;
            worker.Until = _now + session.LoadSeconds;
            return;
        }

        worker.ExpertsDone = true;
        worker.ExpertEnd = _now;
        worker.Activity = WorkerActivity.Idle;
        worker.Until = double.PositiveInfinity;
        if (_options.OverlapStages && worker.AggregatorQueue.Count > 0)
        {
            StartAggregatorLoad(worker);
        }
    }

    private void StartNextCall(SimulatedWorker worker)
    {
        while (worker.Cursor < worker.Requests.Count)
        {
            var call = worker.Requests[worker.Cursor++];
            if (!call.Pending)
            {
                continue;
            }

            call.RunningOn = worker;
            worker.Current = call;
            worker.Started++;
            worker.Activity = WorkerActivity.Generating;
            worker.Until = _now + call.Output.Seconds / worker.Speed;
            return;
        }

        var floorEnd = worker.GenerationStart + _model.RunFloorSeconds(worker.Session!.Expert, worker.Started) / worker.Speed;
        if (floorEnd > _now)
        {
            worker.Activity = WorkerActivity.Draining;
            worker.Until = floorEnd;
            return;
        }

        EndSession(worker);
    }

    private void EndSession(SimulatedWorker worker)
    {
        worker.Intervals.Add(new TimelineInterval(TimelineInterval.Compute, worker.Session!.Expert, worker.GenerationStart, _now, worker.Started));
        worker.SessionIndex++;
        BeginSession(worker);
    }

    private bool ReleaseBarrier()
    {
        var waiting = _workers.Where(w => w.Activity == WorkerActivity.AtBarrier).ToArray();
        if (waiting.Length == 0)
        {
            return false;
        }

        _phase = waiting.Min(w => w.Session!.Phase);
        foreach (var worker in waiting)
        {
            BeginSession(worker);
        }

        return true;
    }

    /// <summary>An answer arrives: apply the gate as far as it can already decide.</summary>
    private void Deliver(SimulatedCall call)
    {
        var question = _questions[call.Question];
        if (question.Decided)
        {
            return;
        }

        question.Received.Add(new ExpertAnswer(call.Expert, call.Output.Choice.ToString(CultureInfo.InvariantCulture)));
        var pending = question.PendingCalls;
        if (_options.Gate is not { } gate)
        {
            if (pending == 0)
            {
                SendToAggregator(question);
            }

            return;
        }

        if (_options.EarlyDecisions && pending > 0)
        {
            if (ConfidenceGate.DecideEarly(question.Received, pending, gate) is EarlyDecision.Settled settled)
            {
                Skip(question, settled.Decision);
                foreach (var other in question.Calls)
                {
                    Cancel(other!);
                }
            }

            return;
        }

        if (pending == 0)
        {
            var decision = ConfidenceGate.Decide(question.Received, gate);
            if (decision.SkipsAggregator)
            {
                Skip(question, decision);
            }
            else
            {
                SendToAggregator(question);
            }
        }
    }

    private static void Skip(SimulatedQuestion question, GateDecision decision)
    {
        question.Decided = true;
        question.FinalChoice = int.Parse(decision.Answer!, CultureInfo.InvariantCulture);
    }

    private void Cancel(SimulatedCall call)
    {
        if (!call.Pending)
        {
            return;
        }

        call.Cancelled = true;
        _cancelled++;
        if (call.RunningOn is { } worker)
        {
            // The running generation stops now; what it already computed is lost.
            worker.Until = _now;
        }
    }

    private void SendToAggregator(SimulatedQuestion question)
    {
        question.Decided = true;
        question.Aggregated = true;
        if (!_options.OverlapStages)
        {
            _afterBarrier.Add(question);
            return;
        }

        var output = _model.AggregatorCall(question.Id, Responses(question), AggregatorPlacement.Replica);
        var picked = _balancer.Pick();
        var replica = _workers.First(w => w.Plan.Worker == picked);
        var job = new AggregatorJob(question, output, output.Seconds / replica.Speed, output.LatencySeconds / replica.Speed, _now);
        replica.AggregatorQueue.Enqueue(job);
        if (replica.ExpertsDone && replica.Activity == WorkerActivity.Idle)
        {
            if (replica.AggregatorLoadStarted)
            {
                StartNextJob(replica);
            }
            else
            {
                StartAggregatorLoad(replica);
            }
        }
    }

    private void StartAggregatorLoad(SimulatedWorker worker)
    {
        worker.AggregatorLoadStarted = true;
        worker.SessionStart = _now;
        worker.Activity = WorkerActivity.AggregatorLoading;
        worker.Until = _now + _model.AggregatorReplicaLoadSeconds;
    }

    private void StartNextJob(SimulatedWorker worker)
    {
        if (worker.AggregatorQueue.Count == 0)
        {
            worker.Activity = WorkerActivity.Idle;
            worker.Until = double.PositiveInfinity;
            return;
        }

        var job = worker.AggregatorQueue.Dequeue();
        worker.CurrentJob = job;
        worker.JobStart = _now;
        worker.Activity = WorkerActivity.Aggregating;
        worker.Until = _now + job.Seconds;
    }

    private void FinishJob(SimulatedWorker worker)
    {
        var job = worker.CurrentJob!;
        worker.CurrentJob = null;
        // Continuous batching: the call joins the running batch as soon as it reaches a loaded replica and decodes from
        // then on; the replica's throughput is spent on calls in arrival order (their shares), and a call ends no
        // earlier than its output decoded alone after it joined.
        var end = Math.Max(_now, Math.Max(job.Arrival, worker.AggregatorReadyAt) + job.LatencySeconds);
        worker.Intervals.Add(new TimelineInterval(TimelineInterval.Aggregate, _model.Profile.Aggregator.Model, worker.JobStart, end, 1));
        worker.AggregatorEnd = Math.Max(worker.AggregatorEnd, end);
        job.Question.FinalChoice = job.Output.Choice;
    }

    /// <summary>The paper's aggregator stage: one TP = 4 engine starts after the barrier and batches every call.</summary>
    private double RunAggregatorAfterBarrier(double expertStage)
    {
        if (_afterBarrier.Count == 0)
        {
            return 0;
        }

        var outputs = _afterBarrier.Select(q =>
        {
            var output = _model.AggregatorCall(q.Id, Responses(q), AggregatorPlacement.TensorParallel);
            q.FinalChoice = output.Choice;
            return output;
        }).ToArray();
        var fixedCost = _model.AggregatorStageFixedSeconds;
        var stage = fixedCost + EmulationModel.AggregatorRunSeconds(outputs);
        foreach (var worker in _workers)
        {
            worker.Intervals.Add(new TimelineInterval(TimelineInterval.Load, _model.Profile.Aggregator.Model, expertStage, expertStage + fixedCost, 0));
            worker.Intervals.Add(new TimelineInterval(
                TimelineInterval.Aggregate, _model.Profile.Aggregator.Model, expertStage + fixedCost, expertStage + stage, outputs.Length));
        }

        return stage;
    }

    private static IReadOnlyList<ExpertResponse> Responses(SimulatedQuestion question) =>
        question.Calls.Where(c => c!.Done).Select(c => new ExpertResponse(c!.Expert, c.Output.OutputTokens)).ToArray();

    private void CheckCoverage(SchedulePlan plan)
    {
        var served = new HashSet<(string, int)>();
        foreach (var session in plan.Workers.SelectMany(w => w.Sessions))
        {
            if (!_callsOfExpert.TryGetValue(session.Expert, out var calls))
            {
                throw new ArgumentException($"the plan runs expert '{session.Expert}', which no question is routed to");
            }

            foreach (var prompt in session.PromptIds)
            {
                if (prompt < 0 || prompt >= calls.Length)
                {
                    throw new ArgumentException($"the plan's prompt {prompt} of '{session.Expert}' is outside 0..{calls.Length - 1}");
                }

                if (!served.Add((session.Expert, prompt)))
                {
                    throw new ArgumentException($"the plan serves prompt {prompt} of '{session.Expert}' twice");
                }
            }
        }

        var missing = _callsOfExpert.Sum(p => p.Value.Length) - served.Count;
        if (missing > 0)
        {
            throw new ArgumentException($"the plan leaves {missing} routed expert call(s) unserved");
        }
    }
}
