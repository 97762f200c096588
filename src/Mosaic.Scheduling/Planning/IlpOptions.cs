namespace Mosaic.Scheduling.Planning;

/// <summary>
/// Settings of the MOSAIC ILP. The three extensions are off by default, which gives exactly the paper's Eqs. 4–10.
/// </summary>
public sealed record IlpOptions
{
    /// <summary>Wall-clock limit of one solve; past it the best plan found and its proven bound are returned.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// CP-SAT search workers; 0 chooses: one at paper scale (M·N ≤ 48, where one worker proves optimality in tens of
    /// milliseconds), two beyond. Several workers search interleaved, which keeps the result deterministic for a
    /// given seed.
    /// </summary>
    public int SearchWorkers { get; init; }

    public int Seed { get; init; }

    /// <summary>Extension (a): model per-worker speed in the worker-time constraint.</summary>
    public bool HeterogeneousWorkers { get; init; }

    /// <summary>Extension (b): GPU-memory capacity.</summary>
    public MemoryConstraint Memory { get; init; } = MemoryConstraint.Off;

    /// <summary>Extension (c): choose which concrete prompts each replica serves by predicted per-prompt cost.</summary>
    public bool PerPromptAssignment { get; init; }

    /// <summary>Start the search from the restricted-LPT plan and never return anything worse than it.</summary>
    public bool WarmStart { get; init; } = true;

    /// <summary>
    /// Extra CP-SAT parameters in text format, appended last. When null, paper-scale models (M·N ≤ 32) get
    /// <c>linearization_level:2</c>, which halved the median time to a proof on the paper instances.
    /// </summary>
    public string? SolverParameters { get; init; }

    /// <summary>
    /// Whether the model gets the cut C ≥ LB. Off only in tests that check the bound against optima found without it.
    /// </summary>
    internal bool LowerBoundCut { get; init; } = true;

    public IlpOptions Validate()
    {
        if (TimeLimit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TimeLimit), TimeLimit, "time limit must be positive");
        }

        if (SearchWorkers < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SearchWorkers), SearchWorkers, "search workers must be 0 (automatic) or more");
        }

        return this;
    }
}
