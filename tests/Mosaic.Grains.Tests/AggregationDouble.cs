using System.Collections.Concurrent;
using Mosaic.Grains.Aggregation;
using Mosaic.Grains.Devices;

namespace Mosaic.Grains.Tests;

/// <summary>
/// Test double of the job's aggregation grain (the lead's grain is not on this branch): records every reported
/// outcome, can fail the first reports with a transient error, and lets a test wait for a call's outcome.
/// </summary>
internal sealed class AggregationDouble : IAggregationGrain
{
    private readonly ConcurrentDictionary<CallKey, TaskCompletionSource<CallOutcome>> _waiters = new();
    private readonly ConcurrentQueue<CallOutcome> _outcomes = new();

    public Func<Exception?>? FailWith { get; set; }

    public int Reports { get; private set; }

    public IReadOnlyList<CallOutcome> Outcomes => [.. _outcomes];

    public Task ReportAsync(IReadOnlyList<CallOutcome> outcomes)
    {
        if (FailWith?.Invoke() is { } error)
        {
            return Task.FromException(error);
        }

        Reports++;
        foreach (var outcome in outcomes)
        {
            _outcomes.Enqueue(outcome);
            Waiter(outcome.Key).TrySetResult(outcome);
        }

        return Task.CompletedTask;
    }

    public Task<CallOutcome> OutcomeOf(CallKey key) => Waiter(key).Task.WaitAsync(TimeSpan.FromSeconds(20));

    private TaskCompletionSource<CallOutcome> Waiter(CallKey key) =>
        _waiters.GetOrAdd(key, _ => new TaskCompletionSource<CallOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
}
