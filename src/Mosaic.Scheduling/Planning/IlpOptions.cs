namespace Mosaic.Scheduling.Planning;

/// <summary>
/// Settings of the MOSAIC ILP. The three extensions are off by default, which gives exactly the paper's Eqs. 4–10.
/// </summary>
public sealed record IlpOptions
{
    /// <summary>Wall-clock limit of one solve; past it the best plan found and its proven bound are returned.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// CP-SAT search workers. One is fastest at paper scale (M ≤ 6, N = 4: tens of ms to a proof); more help large
    /// instances. Several workers search interleaved, which keeps the result deterministic for a given seed.
    /// </summary>
    public int SearchWorkers { get; init; } = 1;

    public int Seed { get; init; }

    /// <summary>Extension (a): model per-worker speed in the worker-time constraint.</summary>
    public bool HeterogeneousWorkers { get; init; }

    /// <summary>Extension (b): GPU-memory capacity.</summary>
    public MemoryConstraint Memory { get; init; } = MemoryConstraint.Off;

    /// <summary>Extension (c): choose which concrete prompts each replica serves by predicted per-prompt cost.</summary>
    public bool PerPromptAssignment { get; init; }

    /// <summary>Start the search from the restricted-LPT plan and never return anything worse than it.</summary>
    public bool WarmStart { get; init; } = true;

    public IlpOptions Validate()
    {
        if (TimeLimit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TimeLimit), TimeLimit, "time limit must be positive");
        }

        if (SearchWorkers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SearchWorkers), SearchWorkers, "need at least one search worker");
        }

        return this;
    }
}
