namespace Mosaic.Scheduling.Profiling;

/// <summary>
/// How fast the experts' sessions run now against their profiles, learned from the sessions the cluster ran. Profiles
/// are measured once, offline (paper §4.1), but a shared machine runs the same engine work a third faster or slower
/// from one minute to the next, and it does so for every expert at once. So a factor is two parts: the machine's
/// <see cref="Level"/>, pooled over every session of the newest job (many sessions, so little noise, and it follows a
/// change within a job), and each expert's <see cref="Shapes"/>, its speed relative to the level, averaged slowly over
/// jobs (one expert's sessions in one job are few and noisy). An expert not yet observed runs at the level.
/// <para>
/// The <see cref="Spread"/> is how far a worker's sessions strayed from their job's level in recent jobs (the root
/// mean square of the log ratios): workers sharing a host wander apart, and a plan balanced across them ends with the
/// slowest (<see cref="Jobs.StragglerExpectation"/>).
/// </para>
/// Sessions of fewer than <see cref="MinCalls"/> calls are not observed: their time is mostly fixed latencies, which
/// says little about the sessions a plan is made of. Not thread-safe.
/// </summary>
public sealed class SpeedCalibration
{
    /// <summary>The weight of the newest job in the level.</summary>
    public const double LevelWeight = 0.7;

    /// <summary>The weight of the newest job in an expert's shape.</summary>
    public const double ShapeWeight = 0.2;

    /// <summary>How many of the newest workers' deviations the spread is measured over (eight jobs of two workers).</summary>
    public const int SpreadSamples = 16;

    /// <summary>Sessions outside [1/<see cref="Bound"/>, <see cref="Bound"/>] of their profile are dropped: a paused process, not a speed.</summary>
    public const double Bound = 20;

    /// <summary>The smallest session observed: half an engine batch.</summary>
    public const int MinCalls = 32;

    private readonly Dictionary<string, double> _shapes = new(StringComparer.Ordinal);
    private readonly Queue<double> _deviations = new();

    /// <summary>Generation now takes this many times its profiled time, shapes aside; null before the first observation.</summary>
    public double? Level { get; private set; }

    /// <summary>Each observed expert's speed relative to the level: 1.2 means its sessions run 20% slower than the others'.</summary>
    public IReadOnlyDictionary<string, double> Shapes => _shapes;

    /// <summary>The root mean square of the recent workers' log deviations from their job's level; 0 before any.</summary>
    public double Spread => _deviations.Count == 0 ? 0 : Math.Sqrt(_deviations.Average(d => d * d));

    /// <summary>Each of <paramref name="experts"/>' factor (level × shape): 0.8 means its sessions now take 80% of their profiled time. Empty before the first observation.</summary>
    public IReadOnlyDictionary<string, double> FactorsFor(IEnumerable<string> experts)
    {
        ArgumentNullException.ThrowIfNull(experts);
        return Level is not { } level
            ? new Dictionary<string, double>(StringComparer.Ordinal)
            : experts.Distinct(StringComparer.Ordinal).ToDictionary(e => e, e => level * Shape(e), StringComparer.Ordinal);
    }

    /// <summary>Folds one finished job's sessions in (those of experts with a profile, of at least <see cref="MinCalls"/> calls and a plausible time).</summary>
    public void Add(IReadOnlyDictionary<string, ExpertProfile> profiles, IEnumerable<SessionTiming> sessions)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(sessions);
        var observed = sessions
            .Where(s => s.Calls >= MinCalls && profiles.ContainsKey(s.Expert))
            .Select(s => (Session: s, Profiled: profiles[s.Expert].PredictedSessionSeconds(s.Calls)))
            .Where(s => Plausible(s.Session.Seconds / s.Profiled)) // a profile predicting 0 s gives +∞ or NaN, not plausible
            .ToArray();
        if (observed.Length == 0)
        {
            return;
        }

        var level = observed.Sum(s => s.Session.Seconds) / observed.Sum(s => s.Profiled * Shape(s.Session.Expert));
        var workers = observed.GroupBy(s => s.Session.Worker, StringComparer.Ordinal).ToArray();
        if (workers.Length > 1)
        {
            foreach (var worker in workers)
            {
                Remember(Math.Log(worker.Sum(s => s.Session.Seconds) / worker.Sum(s => s.Profiled * Shape(s.Session.Expert)) / level));
            }
        }

        foreach (var expert in observed.GroupBy(s => s.Session.Expert, StringComparer.Ordinal))
        {
            var relative = expert.Sum(s => s.Session.Seconds) / expert.Sum(s => s.Profiled) / level;
            _shapes[expert.Key] = _shapes.TryGetValue(expert.Key, out var shape) ? ((1 - ShapeWeight) * shape) + (ShapeWeight * relative) : relative;
        }

        Level = Level is { } old ? ((1 - LevelWeight) * old) + (LevelWeight * level) : level;
    }

    /// <summary>The profiles with each calibrated expert's generation priced at its factor; load times are left as measured.</summary>
    public static IReadOnlyDictionary<string, ExpertProfile> Apply(IReadOnlyDictionary<string, ExpertProfile> profiles, IReadOnlyDictionary<string, double> factors)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(factors);
        return factors.Count == 0
            ? profiles
            : profiles.ToDictionary(p => p.Key, p => factors.TryGetValue(p.Key, out var factor) ? p.Value.AtSpeed(factor) : p.Value, StringComparer.Ordinal);
    }

    private double Shape(string expert) => _shapes.TryGetValue(expert, out var shape) ? shape : 1;

    private void Remember(double deviation)
    {
        _deviations.Enqueue(deviation);
        while (_deviations.Count > SpreadSamples)
        {
            _deviations.Dequeue();
        }
    }

    private static bool Plausible(double ratio) => double.IsFinite(ratio) && ratio >= 1 / Bound && ratio <= Bound;
}
