using Mosaic.Abstractions.Jobs;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Queries;
using Mosaic.Scheduling;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Grains.Jobs;

/// <summary>
/// Pure planning for a job: counts each expert's routed slots (experts in first-seen order, as the paper's round
/// robin takes them), plans with the chosen scheduler, and maps the plan's prompt ids back to (question, slot).
/// </summary>
internal static class JobPlanner
{
    public static JobPlan Plan(
        JobSpec spec,
        IReadOnlyDictionary<string, ExpertProfileOptions> profiles,
        IReadOnlyList<WorkerInfo> workers,
        MosaicGrainsOptions options,
        IReadOnlySet<string> answered,
        string planId)
    {
        if (workers.Count == 0)
        {
            throw new InvalidInstanceException("no worker silos are in the cluster");
        }

        var slotsOfExpert = new Dictionary<string, List<(string Question, int Slot)>>(StringComparer.Ordinal);
        foreach (var question in spec.Questions.Where(q => !answered.Contains(q.Id)))
        {
            for (var slot = 0; slot < question.Experts.Count; slot++)
            {
                var expert = question.Experts[slot];
                if (!slotsOfExpert.TryGetValue(expert, out var list))
                {
                    slotsOfExpert[expert] = list = [];
                }

                list.Add((question.Id, slot));
            }
        }

        var experts = slotsOfExpert.Select(p => profiles[p.Key].ToExpertSpec(p.Key, p.Value.Count)).ToArray();
        var memoryKnown = experts.Any(e => e.MemoryGb is not null) && workers.Any(w => w.MemoryGb is not null);
        var instance = new SchedulingInstance(
            $"job", experts, workers.Select(w => new WorkerSpec(w.Id, w.MemoryGb)).ToArray(), options.MaxModelsPerWorker).Validate();
        var ilp = new IlpOptions
        {
            TimeLimit = TimeSpan.FromMilliseconds(options.PlanTimeLimitMs),
            Memory = memoryKnown ? MemoryConstraint.FitEach : MemoryConstraint.Off,
        };
        var schedule = SchedulerCatalog.Resolve(spec.Scheduler, ilp).Single().Plan(instance);
        if (schedule.Status == PlanStatus.Infeasible)
        {
            throw new InvalidInstanceException("no plan fits this cluster: an expert needs more GPU memory than the workers have");
        }

        // Baseline schedulers ignore memory; no plan may put a model on a GPU too small to hold it.
        foreach (var worker in schedule.Workers)
        {
            var memory = workers.First(w => w.Id == worker.Worker).MemoryGb;
            foreach (var session in worker.Sessions)
            {
                if (memory is { } capacity && profiles[session.Expert].MemoryGb is { } need && need > capacity)
                {
                    throw new InvalidInstanceException(
                        $"no plan fits this cluster: expert '{session.Expert}' needs {need} GB of GPU memory, worker '{worker.Worker}' has {capacity} GB");
                }
            }
        }

        var slots = new Dictionary<string, List<SlotAssignment>>(StringComparer.Ordinal);
        var sessions = new Dictionary<string, IReadOnlyList<SessionOrder>>(StringComparer.Ordinal);
        foreach (var worker in schedule.Workers)
        {
            var orders = new List<SessionOrder>();
            foreach (var session in worker.Sessions)
            {
                var ids = new List<string>(session.PromptCount);
                foreach (var prompt in session.PromptIds)
                {
                    var (question, slot) = slotsOfExpert[session.Expert][prompt];
                    var requestId = $"{planId}:{question}:{slot}";
                    ids.Add(requestId);
                    if (!slots.TryGetValue(question, out var list))
                    {
                        slots[question] = list = [];
                    }

                    list.Add(new SlotAssignment(slot, session.Expert, worker.Worker, requestId));
                }

                orders.Add(new SessionOrder(session.Expert, ids));
            }

            orders.Add(new SessionOrder(spec.Aggregator, null));
            sessions[worker.Worker] = orders;
        }

        return new JobPlan(
            schedule,
            LowerBound.For(instance),
            slots.ToDictionary(p => p.Key, p => (IReadOnlyList<SlotAssignment>)p.Value.OrderBy(s => s.Slot).ToArray(), StringComparer.Ordinal),
            sessions,
            schedule.Workers.ToDictionary(w => w.Worker, w => w.BusySeconds, StringComparer.Ordinal));
    }

    /// <summary>Checks a job against the cluster's experts; returns the first problem, or null when it can run.</summary>
    public static string? Validate(JobSpec spec, IReadOnlyDictionary<string, ExpertProfileOptions> profiles)
    {
        if (spec.Questions is not { Count: > 0 })
        {
            return "the job has no questions";
        }

        if (spec.MaxNewTokens < 1)
        {
            return $"max new tokens must be positive, got {spec.MaxNewTokens}";
        }

        if (!SchedulerCatalog.Names.Contains(spec.Scheduler))
        {
            return $"unknown scheduler '{spec.Scheduler}' (known: {string.Join(", ", SchedulerCatalog.Names)})";
        }

        try
        {
            GateSpecs.ToSettings(spec.Gate);
            GateSpecs.ToFormat(spec.AnswerFormat);
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }

        var pool = new HashSet<string>(spec.ExpertPool, StringComparer.Ordinal);
        foreach (var expert in pool)
        {
            if (!profiles.ContainsKey(expert))
            {
                return $"expert '{expert}' has no profile in this cluster";
            }
        }

        if (!profiles.ContainsKey(spec.Aggregator))
        {
            return $"aggregator '{spec.Aggregator}' has no profile in this cluster";
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var question in spec.Questions)
        {
            if (string.IsNullOrWhiteSpace(question.Id) || question.Id.Contains(':') || question.Id.Contains('/'))
            {
                return $"question id '{question.Id}' must be non-empty and contain no ':' or '/'";
            }

            if (!ids.Add(question.Id))
            {
                return $"question id '{question.Id}' appears twice";
            }

            if (question.Experts is not { Count: > 0 })
            {
                return $"question '{question.Id}' is routed to no expert";
            }

            foreach (var expert in question.Experts)
            {
                if (!pool.Contains(expert))
                {
                    return $"question '{question.Id}' is routed to expert '{expert}', which is not in the job's expert pool";
                }
            }
        }

        return null;
    }
}
