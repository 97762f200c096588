namespace Mosaic.Scheduling.Planning.Search;

/// <summary>
/// An instance as the ILP sees it, for the search heuristics: the active experts (m) and the workers (n), the cost of
/// one prompt of m on n (the mean prompt cost, divided by the worker's speed with extension a), the replica caps R_m,
/// K, and which experts may share a worker's memory (extension b).
/// </summary>
internal sealed class PlanningProblem
{
    private readonly double[,] _unitCost;
    private readonly bool[,] _fits;
    private readonly double[] _memoryNeed;
    private readonly double[] _memoryCapacity;

    public PlanningProblem(SchedulingInstance instance, IlpOptions options)
    {
        Instance = instance;
        Options = options;
        Experts = instance.ActiveExperts;
        Workers = instance.Workers;
        MaxModels = instance.MaxModelsPerWorker;
        Load = Experts.Select(e => e.LoadSeconds).ToArray();
        Prompts = Experts.Select(e => e.Prompts).ToArray();
        ReplicaCap = Experts.Select(e => CostModel.ReplicaCap(e, Workers.Count)).ToArray();

        _unitCost = new double[Experts.Count, Workers.Count];
        _fits = new bool[Experts.Count, Workers.Count];
        _memoryNeed = Experts.Select(e => options.Memory == MemoryConstraint.CoResident ? e.MemoryGb ?? 0 : 0).ToArray();
        _memoryCapacity = Workers.Select(w => options.Memory == MemoryConstraint.CoResident ? w.MemoryGb ?? double.PositiveInfinity : double.PositiveInfinity).ToArray();
        for (var m = 0; m < Experts.Count; m++)
        {
            for (var n = 0; n < Workers.Count; n++)
            {
                _unitCost[m, n] = Experts[m].MeanPromptCost / (options.HeterogeneousWorkers ? Workers[n].Speed : 1.0);
                _fits[m, n] = options.Memory == MemoryConstraint.Off
                    || Experts[m].MemoryGb is not { } need || Workers[n].MemoryGb is not { } capacity || need <= capacity;
            }
        }

        Interchangeable = Enumerable.Range(0, Workers.Count).All(n => WorkerLooksLike(n, 0));
    }

    public SchedulingInstance Instance { get; }

    public IlpOptions Options { get; }

    public IReadOnlyList<ExpertSpec> Experts { get; }

    public IReadOnlyList<WorkerSpec> Workers { get; }

    public int MaxModels { get; }

    public double[] Load { get; }

    public int[] Prompts { get; }

    public int[] ReplicaCap { get; }

    /// <summary>Whether every worker looks the same to the model (same speed where speed counts, same memory where memory counts).</summary>
    public bool Interchangeable { get; }

    public int ExpertCount => Experts.Count;

    public int WorkerCount => Workers.Count;

    /// <summary>Predicted seconds of one prompt of expert m on worker n.</summary>
    public double UnitCost(int m, int n) => _unitCost[m, n];

    /// <summary>Whether expert m fits on worker n on its own (always true without a memory constraint).</summary>
    public bool Fits(int m, int n) => _fits[m, n];

    /// <summary>Memory expert m keeps resident on a worker (0 unless experts must be co-resident).</summary>
    public double MemoryNeed(int m) => _memoryNeed[m];

    /// <summary>Memory of worker n for co-resident experts (infinite unless experts must be co-resident).</summary>
    public double MemoryCapacity(int n) => _memoryCapacity[n];

    /// <summary>Whether workers a and b look the same to the model.</summary>
    public bool WorkerLooksLike(int a, int b)
    {
        if (Options.HeterogeneousWorkers && Workers[a].Speed != Workers[b].Speed)
        {
            return false;
        }

        if (Options.Memory != MemoryConstraint.Off && Workers[a].MemoryGb != Workers[b].MemoryGb)
        {
            return false;
        }

        return true;
    }

    /// <summary>Predicted busy seconds of expert m serving <paramref name="count"/> prompts on worker n (0 when none).</summary>
    public double SessionSeconds(int m, int n, int count) => count > 0 ? Load[m] + count * _unitCost[m, n] : 0;
}
