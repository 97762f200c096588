using System.Collections.Concurrent;
using Mosaic.Grains.Aggregation;
using Mosaic.Grains.Devices;

namespace Mosaic.Grains.Tests;

/// <summary>
/// Test double of the job's aggregation grain (the lead's grain is not on this branch): records every reported
/// outcome, can fail the first reports with a transient error or hold every report, counts the reports in flight, and
/// lets a test wait for a call's outcome.
/// </summary>
internal sealed class AggregationDouble : IAggregationGrain
{
    private readonly ConcurrentDictionary<CallKey, TaskCompletionSource<CallOutcome>> _waiters = new();
    private readonly ConcurrentQueue<CallOutcome> _outcomes = new();

    public Func<Exception?>? FailWith { get; set; }

    public int Reports { get; private set; }

    public IReadOnlyList<CallOutcome> Outcomes => [.. _outcomes];

    /// <summary>When set, every report waits for this task before it records anything (a slow aggregation grain).</summary>
    public Task? Hold { get; set; }

    /// <summary>Reports received and not yet finished.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The most reports that were in flight at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    private int _inFlight;
    private int _maxInFlight;

    public async Task ReportAsync(IReadOnlyList<CallOutcome> outcomes)
    {
        if (FailWith?.Invoke() is { } error)
        {
            throw error;
        }

        var inFlight = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, inFlight);
        try
        {
            if (Hold is { } hold)
            {
                await hold;
            }

            Reports++;
            foreach (var outcome in outcomes)
            {
                _outcomes.Enqueue(outcome);
                Waiter(outcome.Key).TrySetResult(outcome);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    public Task<CallOutcome> OutcomeOf(CallKey key) => Waiter(key).Task.WaitAsync(TimeSpan.FromSeconds(20));

    private TaskCompletionSource<CallOutcome> Waiter(CallKey key) =>
        _waiters.GetOrAdd(key, _ => new TaskCompletionSource<CallOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
}
