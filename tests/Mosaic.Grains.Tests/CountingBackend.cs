using System.Collections.Concurrent;
using Mosaic.Grains.Backends;
using Mosaic.Grains.Devices;

namespace Mosaic.Grains.Tests;

/// <summary>Wraps a real backend and records what the device asks of it: calls in flight (and the most at once), starts, loads.</summary>
internal sealed class CountingBackend(IInferenceBackend inner) : IInferenceBackend
{
    private readonly ConcurrentDictionary<CallKey, TaskCompletionSource> _started = new();
    private int _inFlight;
    private int _maxInFlight;

    public string Name => inner.Name;

    public bool IsEmulated => inner.IsEmulated;

    public int BatchLimit => inner.BatchLimit;

    public int InFlight => Volatile.Read(ref _inFlight);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public ConcurrentQueue<string> Loads { get; } = new();

    public Task LoadAsync(string expert, CancellationToken cancellationToken)
    {
        Loads.Enqueue(expert);
        return inner.LoadAsync(expert, cancellationToken);
    }

    public Task UnloadAsync(string expert) => inner.UnloadAsync(expert);

    public async Task<InferenceOutput> GenerateAsync(InferenceRequest request, Action<string>? onText, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _inFlight);
        int max;
        while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
        {
        }

        Started(request.Key).TrySetResult();
        try
        {
            return await inner.GenerateAsync(request, onText, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Completes when the device has started the call on the backend.</summary>
    public Task WhenStarted(CallKey key) => Started(key).Task.WaitAsync(TimeSpan.FromSeconds(20));

    public bool HasStarted(CallKey key) => Started(key).Task.IsCompleted;

    private TaskCompletionSource Started(CallKey key) =>
        _started.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
