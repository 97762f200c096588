using Microsoft.Extensions.Logging;
using Mosaic.Abstractions.Jobs;
using Mosaic.Grains.Aggregation;
using Mosaic.Grains.Calibration;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Placement;
using Mosaic.Grains.Queries;
using Mosaic.Grains.Telemetry;
using Mosaic.Scheduling;
using Mosaic.Scheduling.Jobs;
using Mosaic.Scheduling.Profiling;
using Mosaic.Storage.Jobs;
using Orleans.Serialization;

namespace Mosaic.Grains.Jobs;

/// <summary>
/// The cluster side of a job's plan generations, for its job grain: take back what live workers still queue, let the
/// aggregation grain rebuild the job from its rows, plan what remains (the ILP, off the grain's turn), prepare each
/// planned worker's sessions and fan the calls out through the query grain; and at the end, close or cancel every
/// worker's sessions and stop the aggregation grain.
/// </summary>
internal sealed class JobGeneration(
    string jobId,
    IGrainFactory grains,
    IJobStore store,
    Serializer serializer,
    WorkerDirectory directory,
    MosaicGrainsOptions options,
    MosaicTelemetry telemetry,
    ILogger logger)
{
    private const int DispatchWave = 16;

    private IReadOnlyDictionary<string, SiloAddress> _planned = new Dictionary<string, SiloAddress>();

    /// <summary>The models the last plan needed: only workers serving all of them take part in the job.</summary>
    private IReadOnlyCollection<string> _models = [];
    private JobSpec? _spec;
    private StagePlan? _firstPlan;

    public string JobId => jobId;

    /// <summary>The emulated backend's time scale (wall seconds per profiled second); null on real models.</summary>
    public double? EmulatedTimeScale => options.Backend == BackendKind.Emulated ? options.TimeScale : null;

    private IAggregationControl Aggregation => grains.GetGrain<IAggregationControl>(jobId);

    private ISpeedCalibrationGrain Calibration => grains.GetGrain<ISpeedCalibrationGrain>(0);

    /// <summary>The aggregation grain's generation and counters.</summary>
    public Task<AggregationProgress> ProgressAsync() => Aggregation.GetProgressAsync();

    /// <summary>The workers of the last dispatch that are gone or came back as another silo; and whether a live worker is new to the plan.</summary>
    public (IReadOnlyList<string> Lost, bool Joined) WorkerChanges()
    {
        var live = directory.ActiveWorkers(_models);
        var lost = _planned.Where(w => !live.TryGetValue(w.Key, out var silo) || !silo.Equals(w.Value)).Select(w => w.Key).ToArray();
        return (lost, live.Keys.Any(w => !_planned.ContainsKey(w)));
    }

    /// <summary>Routes and validates a submitted spec and plans the whole job; a spec or a plan that cannot be is refused with the reason.</summary>
    public async Task<JobAdmission> AdmitAsync(JobSpec spec, string? traceParent)
    {
        try
        {
            var routed = JobRouter.Route(spec);
            if (JobValidator.Validate(routed, options.Experts) is { } error)
            {
                return new JobAdmission(spec, null, ServedElsewhere(routed) ?? error);
            }

            var speed = await SpeedEstimateAsync();
            (_spec, _firstPlan) = (routed, await PlanAsync(routed, JobPlanning.AllCalls(routed), raiseModelsPerWorker: false, traceParent, speed.Factors));
            var plan = _firstPlan;
            return new JobAdmission(routed, plan, null, await Task.Run(() => JobPlanning.Forecast(plan, routed, speed.Spread, options.MaxBatchSize)), speed.Factors);
        }
        catch (ArgumentException e)
        {
            return new JobAdmission(spec, null, e.Message);
        }
        catch (InvalidInstanceException e)
        {
            return new JobAdmission(spec, null, $"the plan is infeasible for this cluster: {e.Message}");
        }
    }

    /// <summary>
    /// Why a job that needs a model this silo's pool lacks is refused, when a live worker serves that model: the job's grain
    /// landed on a silo configured with another pool (a rolling update); submitted again, it may land on one that has it.
    /// </summary>
    private string? ServedElsewhere(JobSpec routed)
    {
        var missing = JobValidator.MissingProfiles(routed, options.Experts).FirstOrDefault();
        var servers = missing is null ? [] : directory.ActiveWorkers().Where(w => directory.ModelsOf(w.Value)?.Contains(missing) == true).Select(w => w.Key).Order(StringComparer.Ordinal).ToArray();
        return servers.Length == 0
            ? null
            : $"expert '{missing}' is not in the pool of the silo that took this job (worker {options.Worker}), though {string.Join(", ", servers)} serve it: the silos were configured with different pools; submit the job again";
    }

    /// <summary>Plans <paramref name="calls"/> on the live workers, priced at <paramref name="speeds"/> (the cluster's current ones when null).</summary>
    public async Task<StagePlan> PlanAsync(
        JobSpec spec, IReadOnlyList<RoutedCall> calls, bool raiseModelsPerWorker, string? traceParent, IReadOnlyDictionary<string, double>? speeds = null)
    {
        using var span = JobTraces.Start("mosaic.plan", jobId, traceParent);
        _models = calls.Select(c => c.Expert).Append(spec.Aggregator).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (JobValidator.MissingProfiles(_models, options.Experts).FirstOrDefault() is { } unpriced)
        {
            // A job taken over by a silo configured with another pool (incomparable pools: FullPoolPlacement could not
            // avoid it) cannot price that expert here; said so, rather than as a missing dictionary key.
            throw new InvalidInstanceException($"expert '{unpriced}' is not in the pool of the silo that holds the job now (worker {options.Worker})");
        }

        // One membership snapshot for the plan, the workers it leaves out and the check.
        var live = directory.ActiveWorkers();
        var eligible = directory.Serving(live, _models);
        foreach (var (worker, silo) in live.Where(w => !eligible.ContainsKey(w.Key)))
        {
            JobLog.WorkerLeftOut(logger, jobId, worker, string.Join(",", _models.Where(m => directory.ModelsOf(silo)?.Contains(m) == false).Order(StringComparer.Ordinal)));
        }

        if (eligible.Count == 0 && live.Count > 0)
        {
            throw new InvalidInstanceException($"no live worker serves every model the job needs ({string.Join(", ", _models.Order(StringComparer.Ordinal))}): their silos were configured with other pools");
        }

        var workers = eligible.Select(p => new WorkerSpec(p.Key, directory.MemoryOf(p.Value))).OrderBy(w => w.Id, StringComparer.Ordinal).ToArray();
        var profiles = SpeedCalibration.Apply(PoolProfiles.Load(options.Experts), speeds ?? (await SpeedEstimateAsync()).Factors);
        var request = JobPlanning.Request(calls, spec, profiles, workers, options, raiseModelsPerWorker);
        var plan = await Task.Run(() => StagePlanner.Plan(request)); // off the grain's turn: the solve may take its whole time limit
        telemetry.Planned(span, plan, calls.Count, replan: raiseModelsPerWorker);
        return plan;
    }

    /// <summary>
    /// Runs generation <paramref name="generation"/>: takes back every live worker's queued calls of older generations,
    /// starts the generation on the aggregation grain, which returns the expert calls left, plans them (the first
    /// generation uses the plan made at submit), prepares the planned workers' sessions, lets
    /// <paramref name="persistPlan"/> record the plan and sends the calls. Returns false when a worker could not be
    /// prepared or a call not delivered: the next tick plans again. When <paramref name="ended"/> fires (the job has
    /// ended) it stops at its next step with <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<bool> RunAsync(
        int generation, GenerationCause cause, IReadOnlyList<string> lost, string? traceParent, Func<JobSpec, StagePlan, Task> persistPlan, CancellationToken ended)
    {
        // The spec and the first plan are held only until the calls are sent: a long job does not keep another copy of
        // every question alive for its whole run (the workers and the aggregation grain hold what they still need).
        var (spec, firstPlan) = (_spec, _firstPlan);
        (_spec, _firstPlan) = (null, null);
        spec ??= serializer.Deserialize<JobSpec>(await store.ReadSpecAsync(jobId, ended) ?? throw new InvalidOperationException("the job's spec is missing"))!;
        var running = await WithdrawAsync(generation);
        ended.ThrowIfCancellationRequested();
        var pending = await Aggregation.StartAsync(new AggregationSetup(generation, running, spec));
        var plan = cause == GenerationCause.Submit && firstPlan is { } first ? first : await PlanAsync(spec, JobPlanning.Calls(spec, pending), raiseModelsPerWorker: true, traceParent);
        ended.ThrowIfCancellationRequested();
        JobLog.Generation(logger, jobId, generation, cause, lost, plan, pending.Count, running.Count);
        _planned = directory.ActiveWorkers(_models).Where(w => plan.Workers.Any(p => p.Worker == w.Key)).ToDictionary();
        var prepared = await Task.WhenAll(plan.Workers.Select(w => PrepareAsync(w, spec, generation)));
        ended.ThrowIfCancellationRequested();
        await persistPlan(spec, plan);
        var delivered = await DispatchAsync(plan, spec, generation, ended);
        await Aggregation.UpdatePlanAsync(new PlanUpdate(generation, plan.BusySeconds, lost));
        return !prepared.Contains(false) && delivered;
    }

    /// <summary>
    /// Sends the plan's calls in waves of <see cref="DispatchWave"/> shards, in the order the workers run them
    /// (<see cref="JobPlanning.Shards"/>): the devices start on their first sessions while later calls are still being
    /// sent, and only one wave of requests is in flight at a time rather than every call of the job at once. Returns
    /// whether every call was delivered.
    /// </summary>
    private async Task<bool> DispatchAsync(StagePlan plan, JobSpec spec, int generation, CancellationToken ended)
    {
        var query = grains.GetGrain<IQueryGrain>(jobId);
        var delivered = true;
        foreach (var wave in JobPlanning.Shards(plan, spec, jobId, generation).Chunk(DispatchWave))
        {
            ended.ThrowIfCancellationRequested();
            var undelivered = await Task.WhenAll(wave.Select(query.DispatchAsync));
            delivered &= undelivered.All(u => u.Count == 0);
        }

        return delivered;
    }

    /// <summary>
    /// Closes (completed) or cancels every live worker's sessions of the job and stops the aggregation grain; returns
    /// its final counters (null when it no longer ran <paramref name="generation"/>) and the workers' timelines.
    /// </summary>
    public async Task<(JobCounters? Final, IReadOnlyList<TimelineEntry> Timeline)> EndAsync(JobStatus status, int generation)
    {
        var workers = directory.ActiveWorkers().Keys.Select(w => grains.GetGrain<IWorkerGrain>(w)).ToArray();
        var ends = workers.Select(w => status == JobStatus.Completed ? w.CloseAsync(jobId) : w.CancelJobAsync(jobId));
        var stopping = Aggregation.StopAsync(generation);
        await Task.WhenAll(ends.Append(stopping).Select(Quietly));
        var final = stopping.IsCompletedSuccessfully ? stopping.Result : null;
        return (final, await TimelineAsync());
    }

    /// <summary>
    /// With <see cref="MosaicGrainsOptions.CalibrateSpeed"/>, how fast each expert runs now against its profile and how far
    /// the workers stray from each other, from the cluster's recent jobs; the profiles alone without it, or when the
    /// calibration cannot be reached.
    /// </summary>
    private async Task<SpeedEstimate> SpeedEstimateAsync()
    {
        if (!options.CalibrateSpeed)
        {
            return SpeedEstimate.Profiled;
        }

        try
        {
            return await Calibration.GetEstimateAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning("Job {Job}: planning from the profiles alone, the speed calibration did not answer: {Error}", jobId, e.Message);
            return SpeedEstimate.Profiled;
        }
    }

    /// <summary>
    /// With <see cref="MosaicGrainsOptions.CalibrateSpeed"/>, a completed job's expert sessions tell the cluster how fast
    /// the experts ran (a model's first session on its worker ran cold and says nothing about later ones).
    /// </summary>
    public async Task CalibrateAsync(IReadOnlyList<TimelineEntry> timeline)
    {
        if (!options.CalibrateSpeed)
        {
            return;
        }

        try
        {
            await Calibration.ObserveAsync(timeline.Where(e => e.Kind == TimelineKind.ExpertSession).ToArray());
        }
        catch (Exception e)
        {
            logger.LogWarning("Job {Job}: its sessions' speeds were not recorded: {Error}", jobId, e.Message);
        }
    }

    /// <summary>Every live worker's timeline of the job, in time order; a worker that has gone or fails to answer contributes nothing.</summary>
    public async Task<IReadOnlyList<TimelineEntry>> TimelineAsync()
    {
        var timelines = await Task.WhenAll(directory.ActiveWorkers().Keys.Select(async worker =>
        {
            try
            {
                return await grains.GetGrain<IWorkerGrain>(worker).GetTimelineAsync(jobId);
            }
            catch (Exception e)
            {
                logger.LogDebug("Job {Job}: no timeline from worker {Worker}: {Error}", jobId, worker, e.Message);
                return [];
            }
        }));
        return [.. timelines.SelectMany(t => t).OrderBy(e => e.Start).ThenBy(e => e.Worker, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Takes back every live worker's queued expert calls of this job; returns the calls that stay with a worker and
    /// where: running calls, and queued aggregator calls (a new generation must not send those again).
    /// </summary>
    private async Task<IReadOnlyDictionary<CallKey, string>> WithdrawAsync(int generation)
    {
        var replies = await Task.WhenAll(directory.ActiveWorkers().Keys.Select(async worker =>
        {
            try
            {
                return (worker, (await grains.GetGrain<IWorkerGrain>(worker).WithdrawAsync(jobId, generation)).Running);
            }
            catch (Exception e) when (WorkerFailure.IsWorkerLoss(e))
            {
                return (worker, Running: (IReadOnlyList<CallKey>)[]);
            }
        }));
        var running = new Dictionary<CallKey, string>();
        foreach (var (worker, keys) in replies)
        {
            foreach (var key in keys)
            {
                // A call belongs to one worker; should two report it, both outcomes apply idempotently (the first
                // wins) rather than failing the job and losing every unanswered question.
                if (!running.TryAdd(key, worker))
                {
                    logger.LogWarning("Job {Job}: call {Call} runs on both {First} and {Second}", jobId, key, running[key], worker);
                }
            }
        }

        return running;
    }

    /// <summary>
    /// A worker that died after the plan was made (still listed until membership declares it dead) must not fail the
    /// job: its calls go undelivered and the next tick plans them again.
    /// </summary>
    private async Task<bool> PrepareAsync(StageWorker worker, JobSpec spec, int generation)
    {
        try
        {
            await grains.GetGrain<IWorkerGrain>(worker.Worker).PrepareAsync(jobId, generation, spec.Priority, JobPlanning.Sessions(worker, spec));
            return true;
        }
        catch (Exception e) when (WorkerFailure.IsWorkerLoss(e) || e is TimeoutException)
        {
            logger.LogWarning("Job {Job}: worker {Worker} unreachable while preparing generation {Generation}; planning again: {Error}", jobId, worker.Worker, generation, e.Message);
            return false;
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // a worker that has gone needs no goodbye
        }
    }
}
