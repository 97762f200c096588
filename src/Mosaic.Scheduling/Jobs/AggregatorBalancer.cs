using Mosaic.Scheduling.Profiling;

namespace Mosaic.Scheduling.Jobs;

/// <summary>
/// Places aggregator calls: each goes to the live worker predicted to be free first — its planned expert sessions
/// (unless a stage barrier makes every worker start aggregating together), the aggregator calls it already holds,
/// and one aggregator load for a worker that holds none yet.
/// </summary>
public sealed class AggregatorBalancer(double loadSeconds, double callSeconds)
{
    /// <summary>Prices from the aggregator's profile: its load, and a call run in an engine batch of <paramref name="batchSize"/>.</summary>
    public static AggregatorBalancer For(ExpertProfile aggregator, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(aggregator);
        return new AggregatorBalancer(aggregator.LoadSeconds, aggregator.PerPromptSeconds(batchSize));
    }

    private readonly Dictionary<string, double> _expertBusy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _queued = new(StringComparer.Ordinal);

    /// <summary>Sets the live workers and their predicted expert-stage busy time (ignored with a barrier).</summary>
    public void SetWorkers(IReadOnlyDictionary<string, double> predictedExpertBusy, bool overlap)
    {
        _expertBusy.Clear();
        foreach (var (worker, busy) in predictedExpertBusy)
        {
            _expertBusy[worker] = overlap ? busy : 0;
        }

        foreach (var gone in _queued.Keys.Where(w => !_expertBusy.ContainsKey(w)).ToArray())
        {
            _queued.Remove(gone);
        }
    }

    public IReadOnlyCollection<string> Workers => _expertBusy.Keys;

    /// <summary>Stops placing calls on a worker that has gone.</summary>
    public void Remove(string worker)
    {
        _expertBusy.Remove(worker);
        _queued.Remove(worker);
    }

    /// <summary>The worker for the next aggregator call, or null when no worker is live.</summary>
    public string? Pick()
    {
        string? best = null;
        var bestFree = double.PositiveInfinity;
        foreach (var (worker, busy) in _expertBusy.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var free = busy + (_queued.TryGetValue(worker, out var queued) ? queued : loadSeconds);
            if (free < bestFree)
            {
                (best, bestFree) = (worker, free);
            }
        }

        if (best is not null)
        {
            _queued[best] = _queued.GetValueOrDefault(best, loadSeconds) + callSeconds;
        }

        return best;
    }
}
