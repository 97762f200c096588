namespace Mosaic.Scheduling.Profiling;

/// <summary>
/// How fast each expert's sessions run now against its profile, learned from the sessions the cluster ran. Profiles
/// are measured once, offline (paper §4.1), but a shared machine runs the same engine work a third faster or slower
/// from one hour to the next. A job's sessions of an expert give one observation (their wall seconds over what the
/// profile predicts for sessions of those sizes); the expert's factor is the exponentially weighted mean of its
/// observations, the first taken as it is; plans price generation at profile × factor. Sessions of fewer than
/// <see cref="MinCalls"/> calls are not observed: their time is mostly fixed latencies (and a first session after a
/// load runs cold), which says little about the speed of the sessions a plan is made of. Not thread-safe.
/// </summary>
public sealed class SpeedCalibration
{
    /// <summary>The weight of the newest observation.</summary>
    public const double Weight = 0.5;

    /// <summary>Observations outside [1/<see cref="Bound"/>, <see cref="Bound"/>] are dropped: a paused process, not a speed.</summary>
    public const double Bound = 20;

    /// <summary>The smallest session observed: half an engine batch.</summary>
    public const int MinCalls = 32;

    private readonly Dictionary<string, double> _factors = new(StringComparer.Ordinal);

    /// <summary>Each calibrated expert's factor: 0.8 means its sessions now take 80% of their profiled time.</summary>
    public IReadOnlyDictionary<string, double> Factors => _factors;

    /// <summary>One observation per expert of <paramref name="sessions"/> that has a profile: realized seconds over profiled seconds.</summary>
    public static IReadOnlyDictionary<string, double> Observe(IReadOnlyDictionary<string, ExpertProfile> profiles, IEnumerable<SessionTiming> sessions)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(sessions);
        var observed = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var expert in sessions.Where(s => s.Calls >= MinCalls && s.Seconds > 0 && profiles.ContainsKey(s.Expert)).GroupBy(s => s.Expert, StringComparer.Ordinal))
        {
            var profiled = expert.Sum(s => profiles[expert.Key].PredictedSessionSeconds(s.Calls));
            var ratio = expert.Sum(s => s.Seconds) / profiled; // a profile predicting 0 s gives +∞, which is not plausible
            if (Plausible(ratio))
            {
                observed[expert.Key] = ratio;
            }
        }

        return observed;
    }

    /// <summary>Folds one job's observations into the factors.</summary>
    public void Add(IReadOnlyDictionary<string, double> observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        foreach (var (expert, ratio) in observed)
        {
            if (Plausible(ratio))
            {
                _factors[expert] = _factors.TryGetValue(expert, out var factor) ? ((1 - Weight) * factor) + (Weight * ratio) : ratio;
            }
        }
    }

    private static bool Plausible(double ratio) => double.IsFinite(ratio) && ratio >= 1 / Bound && ratio <= Bound;

    /// <summary>The profiles with each calibrated expert's generation priced at its factor; load times are left as measured.</summary>
    public static IReadOnlyDictionary<string, ExpertProfile> Apply(IReadOnlyDictionary<string, ExpertProfile> profiles, IReadOnlyDictionary<string, double> factors)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(factors);
        return factors.Count == 0
            ? profiles
            : profiles.ToDictionary(p => p.Key, p => factors.TryGetValue(p.Key, out var factor) ? p.Value.AtSpeed(factor) : p.Value, StringComparer.Ordinal);
    }
}
