namespace Mosaic.Grains.Hosting;

/// <summary>
/// Cluster-wide settings (section <c>Mosaic</c>); every silo must have the same experts. <see cref="Worker"/> is this
/// silo's own worker id (one silo per GPU).
/// </summary>
public sealed class MosaicGrainsOptions
{
    public const string SectionName = "Mosaic";

    /// <summary>This silo's worker id, e.g. <c>gpu0</c>; published as silo metadata for placement.</summary>
    public string Worker { get; set; } = "gpu0";

    public BackendKind Backend { get; set; } = BackendKind.Emulated;

    /// <summary>TorchSharp device: <c>cpu</c>, <c>cuda</c>, <c>cuda:0</c>, or <c>auto</c>.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>TorchSharp intra-op threads of this worker (0 = libtorch default); in-process silos share one libtorch.</summary>
    public int Threads { get; set; }

    /// <summary>Emulated backend: wall seconds per emulated second (0 makes every call instant).</summary>
    public double TimeScale { get; set; } = 0.001;

    /// <summary>K: the most distinct models one worker loads per job (raised when a plan needs more, e.g. after losing workers).</summary>
    public int MaxModelsPerWorker { get; set; } = 2;

    /// <summary>CP-SAT time limit for planning a job (and for each re-plan).</summary>
    public int PlanTimeLimitMs { get; set; } = 2000;

    /// <summary>The emulated backend's calibration and seed.</summary>
    public EmulationOptions Emulation { get; set; } = new();

    /// <summary>
    /// How a job that keeps the stage barrier runs its aggregator: 1 (default) places each call on one worker, which
    /// serves it as a TP = 1 replica; 4 serves them as the paper did, on one tensor-parallel engine over four workers
    /// (the group's first worker serves every call at the TP = 4 engine's cost; the others hold their GPUs for the engine
    /// until its calls are done). Emulated backend only. Jobs that overlap the stages always use replicas.
    /// </summary>
    public int AggregatorTensorParallel { get; set; } = 1;

    /// <summary>Most calls of one model generating together on a worker (continuous-batching width).</summary>
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>
    /// How long a planned session may wait for calls that have not arrived before the device skips it (and reports it),
    /// so a job that died mid-dispatch never blocks a worker.
    /// </summary>
    public double SessionWaitSeconds { get; set; } = 60;

    /// <summary>
    /// How long an interactive call that needs another model than the one running batch calls waits for them to finish
    /// before they are stopped and queued again (they start over once no interactive work can run: the work they had
    /// done is lost). Null: they always finish first, which on a GPU running long reasoning generations can keep a chat
    /// question waiting for minutes.
    /// </summary>
    public double? EvictBatchCallsAfterSeconds { get; set; } = 2;

    /// <summary>How long finished calls are held to be persisted and reported together.</summary>
    public int OutcomeFlushMilliseconds { get; set; } = 10;

    /// <summary>How often each silo looks for running jobs without a live activation and wakes them.</summary>
    public double ResumeScanSeconds { get; set; } = 5;

    /// <summary>
    /// Plans price each expert's generation at its profile times the speed its sessions ran at in the cluster's recent
    /// jobs (<see cref="Scheduling.Profiling.SpeedCalibration"/>), so the plan's times follow the machine as it is now.
    /// </summary>
    public bool CalibrateSpeed { get; set; }

    /// <summary>Wall seconds per planned (profiled) second: the emulated backend runs its model times at <see cref="TimeScale"/>.</summary>
    public double WallSecondsPerPlannedSecond => Backend == BackendKind.Emulated ? TimeScale : 1;

    public Dictionary<string, ExpertOptions> Experts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A copy of these settings for worker <paramref name="worker"/> (the experts are shared, not copied).</summary>
    public MosaicGrainsOptions ForWorker(string worker, int? threads = null)
    {
        var copy = (MosaicGrainsOptions)MemberwiseClone();
        copy.Worker = worker;
        copy.Threads = threads ?? Threads;
        return copy;
    }

    /// <summary>Checks ranges and names; throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public MosaicGrainsOptions Validate()
    {
        if (!Placement.WorkerKeys.IsValidName(Worker))
        {
            throw new ArgumentException($"Mosaic:Worker '{Worker}' must be non-empty and contain no '@' or '/'");
        }

        if (!Enum.IsDefined(Backend))
        {
            throw new ArgumentException($"Mosaic:Backend must be 'emulated' or 'torchsharp', got '{Backend}'");
        }

        if (!double.IsFinite(TimeScale) || TimeScale < 0)
        {
            throw new ArgumentException($"Mosaic:TimeScale must be >= 0, got {TimeScale}");
        }

        if (MaxModelsPerWorker < 1 || PlanTimeLimitMs < 1 || MaxBatchSize < 1 || OutcomeFlushMilliseconds < 1)
        {
            throw new ArgumentException("Mosaic:MaxModelsPerWorker, PlanTimeLimitMs, MaxBatchSize and OutcomeFlushMilliseconds must be positive");
        }

        if (AggregatorTensorParallel is not (1 or Scheduling.Emulation.AggregatorEmulation.TensorParallelDegree))
        {
            throw new ArgumentException(
                $"Mosaic:AggregatorTensorParallel must be 1 or {Scheduling.Emulation.AggregatorEmulation.TensorParallelDegree}, got {AggregatorTensorParallel}");
        }

        if (AggregatorTensorParallel > 1 && Backend != BackendKind.Emulated)
        {
            throw new ArgumentException("Mosaic:AggregatorTensorParallel > 1 needs the emulated backend (the torchsharp backend runs one model per worker)");
        }

        Emulation.Validate();
        if (!(SessionWaitSeconds > 0) || !(ResumeScanSeconds > 0) || EvictBatchCallsAfterSeconds is { } evict && !(evict >= 0 && evict < 1e6))
        {
            throw new ArgumentException("Mosaic:SessionWaitSeconds and Mosaic:ResumeScanSeconds must be positive, Mosaic:EvictBatchCallsAfterSeconds 0 or more (or absent: never)");
        }

        foreach (var (name, expert) in Experts)
        {
            if (!Placement.WorkerKeys.IsValidName(name))
            {
                throw new ArgumentException($"expert name '{name}' must be non-empty and contain no '@' or '/'");
            }

            expert.Validate(name, Backend);
        }

        return this;
    }
}
