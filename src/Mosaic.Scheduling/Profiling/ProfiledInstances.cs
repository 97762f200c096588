using Mosaic.Scheduling.Jobs;

namespace Mosaic.Scheduling.Profiling;

/// <summary>
/// Scheduling instances priced by measured profiles (paper §4.1): each expert's load time ℓ_m and τ_m = T̂_m(N_m)/N_m
/// at its own prompt count, exactly as a job's planner prices them (<see cref="StagePlanner.ToSpec"/>).
/// </summary>
public static class ProfiledInstances
{
    /// <summary>
    /// An instance from routed calls: every expert with its number of calls, in first-seen order (as a job plans
    /// them), N workers <c>gpu0 … gpuN−1</c> and K.
    /// </summary>
    /// <exception cref="InvalidInstanceException">An expert has no profile (named), or the instance is invalid.</exception>
    public static SchedulingInstance FromCalls(
        string name, IReadOnlyList<string> callExperts, IReadOnlyDictionary<string, ExpertProfile> profiles, int workers, int modelsPerWorker)
    {
        var counts = new List<(string Expert, int Calls)>();
        foreach (var group in callExperts.Select((e, i) => (e, i)).GroupBy(p => p.e, StringComparer.Ordinal).OrderBy(g => g.First().i))
        {
            counts.Add((group.Key, group.Count()));
        }

        var missing = counts.Where(c => !profiles.ContainsKey(c.Expert)).Select(c => c.Expert).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidInstanceException($"no profile for expert(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}");
        }

        var experts = counts.Select(c => StagePlanner.ToSpec(profiles[c.Expert], c.Calls)).ToArray();
        var ids = Enumerable.Range(0, workers).Select(n => new WorkerSpec($"gpu{n}")).ToArray();
        return new SchedulingInstance(name, experts, ids, modelsPerWorker).Validate();
    }

    /// <summary>
    /// The instance with every expert that has a profile priced by it at its own prompt count (the others keep their
    /// numbers); optionally other workers and K.
    /// </summary>
    /// <exception cref="InvalidInstanceException">No profile matches any expert of the instance.</exception>
    public static SchedulingInstance Apply(SchedulingInstance instance, IReadOnlyDictionary<string, ExpertProfile> profiles, int? workers = null, int? modelsPerWorker = null)
    {
        if (!instance.Experts.Any(e => profiles.ContainsKey(e.Name)))
        {
            throw new InvalidInstanceException($"no profile matches any expert of instance '{instance.Name}' ({string.Join(", ", instance.Experts.Select(e => e.Name))})");
        }

        var experts = instance.Experts.Select(e => profiles.TryGetValue(e.Name, out var profile)
            ? StagePlanner.ToSpec(profile, e.Prompts) with { MemoryGb = e.MemoryGb ?? profile.MemoryGb }
            : e).ToArray();
        var ids = workers is { } n ? Enumerable.Range(0, n).Select(i => new WorkerSpec($"gpu{i}")).ToArray() : instance.Workers;
        return (instance with { Experts = experts, Workers = ids, MaxModelsPerWorker = modelsPerWorker ?? instance.MaxModelsPerWorker }).Validate();
    }
}
