namespace Mosaic.Scheduling.Planning;

/// <summary>Settings of <see cref="Replanner"/>.</summary>
public sealed record ReplannerOptions
{
    /// <summary>Wall-clock limit of one re-plan; past it the best plan found and its proven bound are returned.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How memory limits placement; by default an expert never goes to a worker it does not fit on.</summary>
    public MemoryConstraint Memory { get; init; } = MemoryConstraint.FitEach;

    /// <summary>Model per-worker speed (extension a); on by default, as the workers left may differ.</summary>
    public bool HeterogeneousWorkers { get; init; } = true;

    /// <summary>Choose each replica's prompts by predicted cost (extension c).</summary>
    public bool PerPromptAssignment { get; init; }

    public int Seed { get; init; }

    public ReplannerOptions Validate() =>
        TimeLimit > TimeSpan.Zero
            ? this
            : throw new ArgumentOutOfRangeException(nameof(TimeLimit), TimeLimit, "time limit must be positive");
}
