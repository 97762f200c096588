using Mosaic.Scheduling.Planning.Bounds;

namespace Mosaic.Scheduling.Planning;

/// <summary>
/// LB = max(LB_work, LB_expert, LB_job, LB_replica, LB_K), a makespan no plan that respects the replica caps and K
/// can beat (anchors.md §2.1, generalised to worker speeds s_n; with all s_n = 1 the first three are the anchors' own):
/// <list type="bullet">
/// <item>LB_work = (Σ_m T̂_m + s_min·Σ_m ℓ_m) / Σ_n s_n — all work and one load per expert, spread perfectly;</item>
/// <item>LB_expert = max_m ℓ_m + T̂_m / (sum of the min(N, R^max_m) fastest speeds);</item>
/// <item>LB_job = max_m ℓ_m + (longest prompt of m) / s_max — one prompt is never split.</item>
/// <item>LB_replica, a strengthening of LB_work: to finish by C, expert m needs at least
/// r_m(C) = ⌈T̂_m / (s_max·(C − ℓ_m))⌉ replicas, each paying ℓ_m; the smallest C for which that extra load still
/// fits (ΣT̂ + s_min·Σ_m ℓ_m·r_m(C) ≤ C·Σs, r_m(C) ≤ min(N, R^max_m), Σ_m r_m(C) ≤ K·N) bounds every plan.</item>
/// <item>LB_K, the configuration bound: what one worker can hold is a configuration of at most K experts whose loads
/// and work fit in C; prices on work and replicas that no N configurations can pay for prove C impossible
/// (<see cref="ConfigurationBound"/>, derivation in docs/scheduling.md). It sees how K pairs experts on a worker.</item>
/// </list>
/// With a memory constraint, LB_K also keeps each expert off the workers too small for it.
/// </summary>
public sealed record LowerBound(double WorkSeconds, double ExpertSeconds, double JobSeconds, double ReplicaSeconds, double ConfigurationSeconds)
{
    public double Seconds => Math.Max(ClassicSeconds, ConfigurationSeconds);

    /// <summary>The bound without its K-aware term: max(LB_work, LB_expert, LB_job, LB_replica).</summary>
    public double ClassicSeconds => Math.Max(Math.Max(WorkSeconds, ReplicaSeconds), Math.Max(ExpertSeconds, JobSeconds));

    public static LowerBound For(SchedulingInstance instance, MemoryConstraint memory = MemoryConstraint.Off) =>
        For(instance, memory, Deadline.None);

    /// <summary>The bound, with the K-aware term cut short at <paramref name="deadline"/> (weaker, still valid).</summary>
    internal static LowerBound For(SchedulingInstance instance, MemoryConstraint memory, Deadline deadline)
    {
        var experts = instance.ActiveExperts;
        var speeds = instance.Workers.Select(w => w.Speed).OrderDescending().ToArray();
        var totalSpeed = speeds.Sum();

        var work = (experts.Sum(e => e.TotalWorkSeconds) + speeds[^1] * experts.Sum(e => e.LoadSeconds)) / totalSpeed;
        var expert = experts.Max(e =>
        {
            var replicas = Math.Min(speeds.Length, CostModel.ReplicaCap(e, speeds.Length));
            return e.LoadSeconds + e.TotalWorkSeconds / speeds.Take(replicas).Sum();
        });
        var job = experts.Max(e => e.LoadSeconds + e.LongestPromptCost / speeds[0]);
        var replica = ReplicaBound(instance, experts, speeds, Math.Max(work, Math.Max(expert, job)));
        var configuration = ConfigurationBoundFor(instance, memory, Math.Max(replica, Math.Max(work, Math.Max(expert, job))), deadline);
        return new LowerBound(work, expert, job, replica, configuration);
    }

    private static double ConfigurationBoundFor(SchedulingInstance instance, MemoryConstraint memory, double floor, Deadline deadline)
    {
        var experts = instance.ActiveExperts;
        var workers = instance.Workers;
        var bounded = experts.Select(e => new BoundExpert(
            e.LoadSeconds, e.TotalWorkSeconds, Math.Min(workers.Count, CostModel.ReplicaCap(e, workers.Count)))).ToArray();
        var classes = workers
            .Select(w => (w.Speed, Fits: experts.Select(e => Fits(e, w, memory)).ToArray()))
            .GroupBy(w => (w.Speed, Key: string.Concat(w.Fits.Select(f => f ? '1' : '0'))))
            .Select(g => new WorkerClass(g.Count(), g.Key.Speed, g.First().Fits))
            .ToArray();
        return new ConfigurationBound(bounded, classes, instance.MaxModelsPerWorker, deadline).Compute(floor);
    }

    private static bool Fits(ExpertSpec expert, WorkerSpec worker, MemoryConstraint memory) =>
        memory == MemoryConstraint.Off || expert.MemoryGb is not { } need || worker.MemoryGb is not { } capacity || need <= capacity;

    private static double ReplicaBound(SchedulingInstance instance, IReadOnlyList<ExpertSpec> experts, double[] speeds, double floor)
    {
        var totalWork = experts.Sum(e => e.TotalWorkSeconds);
        var slots = (long)instance.MaxModelsPerWorker * speeds.Length;

        bool Feasible(double c)
        {
            var loads = 0.0;
            long replicas = 0;
            foreach (var e in experts)
            {
                if (c <= e.LoadSeconds)
                {
                    return false;
                }

                var needed = e.TotalWorkSeconds <= 0 ? 1 : Math.Max(1, (long)Math.Ceiling(e.TotalWorkSeconds / (speeds[0] * (c - e.LoadSeconds)) - 1e-12));
                if (needed > Math.Min(speeds.Length, CostModel.ReplicaCap(e, speeds.Length)))
                {
                    return false;
                }

                replicas += needed;
                loads += needed * e.LoadSeconds;
            }

            return replicas <= slots && totalWork + speeds[^1] * loads <= c * speeds.Sum() * (1 + 1e-12);
        }

        var low = floor;
        var high = Math.Max(floor, 1e-9) * 2;
        while (!Feasible(high))
        {
            high *= 2;
            if (high > 1e15)
            {
                return floor;
            }
        }

        if (Feasible(low))
        {
            return low;
        }

        for (var i = 0; i < 100 && high - low > 1e-9 * high; i++)
        {
            var mid = (low + high) / 2;
            if (Feasible(mid))
            {
                high = mid;
            }
            else
            {
                low = mid;
            }
        }

        return low;
    }
}
