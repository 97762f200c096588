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

    /// <summary><c>emulated</c> or <c>torchsharp</c>.</summary>
    public string Backend { get; set; } = "emulated";

    /// <summary>TorchSharp device: <c>cpu</c>, <c>cuda</c>, <c>cuda:0</c>, or <c>auto</c>.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>TorchSharp intra-op threads per worker (0 = libtorch default).</summary>
    public int Threads { get; set; }

    /// <summary>Emulated backend: wall seconds per profiled second (0 makes every call instant).</summary>
    public double TimeScale { get; set; } = 0.001;

    /// <summary>K: the most distinct models one worker loads per job.</summary>
    public int MaxModelsPerWorker { get; set; } = 2;

    /// <summary>CP-SAT time limit for planning a job.</summary>
    public int PlanTimeLimitMs { get; set; } = 2000;

    /// <summary>Seed of the emulated backend's answers and lengths.</summary>
    public int EmulationSeed { get; set; }

    public Dictionary<string, ExpertProfileOptions> Experts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Checks ranges and names; throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public MosaicGrainsOptions Validate()
    {
        if (!Placement.WorkerKeys.IsValidName(Worker))
        {
            throw new ArgumentException($"Mosaic:Worker '{Worker}' must be non-empty and contain no '@' or '/'");
        }

        if (Backend is not ("emulated" or "torchsharp"))
        {
            throw new ArgumentException($"Mosaic:Backend must be 'emulated' or 'torchsharp', got '{Backend}'");
        }

        if (!double.IsFinite(TimeScale) || TimeScale < 0)
        {
            throw new ArgumentException($"Mosaic:TimeScale must be >= 0, got {TimeScale}");
        }

        if (MaxModelsPerWorker < 1 || PlanTimeLimitMs < 1)
        {
            throw new ArgumentException("Mosaic:MaxModelsPerWorker and Mosaic:PlanTimeLimitMs must be positive");
        }

        foreach (var (name, expert) in Experts)
        {
            if (!Placement.WorkerKeys.IsValidName(name))
            {
                throw new ArgumentException($"expert name '{name}' must be non-empty and contain no '@' or '/'");
            }

            if (expert.Kind is not ("instruct" or "reasoning") || expert.LoadSeconds < 0 || expert.PerPromptSeconds < 0
                || expert.MeanOutputTokens <= 0 || expert.EmulatedAccuracy is < 0 or > 1)
            {
                throw new ArgumentException($"expert '{name}' has an invalid profile (kind, load, per-prompt cost, tokens or accuracy)");
            }

            if (Backend == "torchsharp" && string.IsNullOrWhiteSpace(expert.ModelPath))
            {
                throw new ArgumentException($"expert '{name}' needs a ModelPath for the torchsharp backend");
            }
        }

        return this;
    }
}
