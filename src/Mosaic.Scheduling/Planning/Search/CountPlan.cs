namespace Mosaic.Scheduling.Planning.Search;

/// <summary>
/// A mutable placement-and-count plan over a <see cref="PlanningProblem"/>: counts[m, n] prompts of expert m on
/// worker n, with each worker's predicted time, number of hosted experts and resident memory kept up to date.
/// </summary>
internal sealed class CountPlan
{
    private readonly int[,] _counts;
    private readonly double[] _time;
    private readonly int[] _hosted;
    private readonly int[] _replicas;
    private readonly double[] _memory;

    public CountPlan(PlanningProblem problem)
    {
        Problem = problem;
        _counts = new int[problem.ExpertCount, problem.WorkerCount];
        _time = new double[problem.WorkerCount];
        _hosted = new int[problem.WorkerCount];
        _replicas = new int[problem.ExpertCount];
        _memory = new double[problem.WorkerCount];
    }

    public CountPlan(PlanningProblem problem, int[,] counts)
        : this(problem)
    {
        for (var m = 0; m < problem.ExpertCount; m++)
        {
            for (var n = 0; n < problem.WorkerCount; n++)
            {
                Add(m, n, counts[m, n]);
            }
        }
    }

    public PlanningProblem Problem { get; }

    public int Count(int m, int n) => _counts[m, n];

    public double Time(int n) => _time[n];

    public int Hosted(int n) => _hosted[n];

    public int Replicas(int m) => _replicas[m];

    public double Makespan => _time.Length == 0 ? 0 : _time.Max();

    /// <summary>Whether worker n may start hosting expert m: a free model slot, memory for it, a replica left.</summary>
    public bool CanOpen(int m, int n) =>
        _counts[m, n] == 0
        && _hosted[n] < Problem.MaxModels
        && _replicas[m] < Problem.ReplicaCap[m]
        && Problem.Fits(m, n)
        && _memory[n] + Problem.MemoryNeed(m) <= Problem.MemoryCapacity(n);

    /// <summary>Adds <paramref name="count"/> prompts of expert m to worker n (opening the session if needed).</summary>
    public void Add(int m, int n, int count)
    {
        if (count <= 0)
        {
            return;
        }

        if (_counts[m, n] == 0)
        {
            _hosted[n]++;
            _replicas[m]++;
            _memory[n] += Problem.MemoryNeed(m);
            _time[n] += Problem.Load[m];
        }

        _counts[m, n] += count;
        _time[n] += count * Problem.UnitCost(m, n);
    }

    /// <summary>Removes <paramref name="count"/> prompts of expert m from worker n (closing the session at zero).</summary>
    public void Remove(int m, int n, int count)
    {
        if (count <= 0)
        {
            return;
        }

        _counts[m, n] -= count;
        _time[n] -= count * Problem.UnitCost(m, n);
        if (_counts[m, n] == 0)
        {
            _hosted[n]--;
            _replicas[m]--;
            _memory[n] -= Problem.MemoryNeed(m);
            _time[n] -= Problem.Load[m];
            _time[n] = RecomputeTime(n);
        }
    }

    public int[,] ToArray() => (int[,])_counts.Clone();

    public CountPlan Clone() => new(Problem, _counts);

    /// <summary>Whether every prompt is placed once and every cap (K, R_m, memory) holds.</summary>
    public bool IsComplete()
    {
        for (var m = 0; m < Problem.ExpertCount; m++)
        {
            var total = 0;
            for (var n = 0; n < Problem.WorkerCount; n++)
            {
                total += _counts[m, n];
            }

            if (total != Problem.Prompts[m] || _replicas[m] > Problem.ReplicaCap[m])
            {
                return false;
            }
        }

        for (var n = 0; n < Problem.WorkerCount; n++)
        {
            if (_hosted[n] > Problem.MaxModels || _memory[n] > Problem.MemoryCapacity(n))
            {
                return false;
            }

            for (var m = 0; m < Problem.ExpertCount; m++)
            {
                if (_counts[m, n] > 0 && !Problem.Fits(m, n))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Recomputes worker n's time from its counts, which keeps floating-point drift out of long searches.</summary>
    private double RecomputeTime(int n)
    {
        var time = 0.0;
        for (var m = 0; m < Problem.ExpertCount; m++)
        {
            time += Problem.SessionSeconds(m, n, _counts[m, n]);
        }

        return time;
    }
}
