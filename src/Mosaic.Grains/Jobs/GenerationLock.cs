namespace Mosaic.Grains.Jobs;

/// <summary>
/// A job's one-at-a-time rule. One generation plans and dispatches at a time: the lock is taken on the grain's turn
/// and released by the generation, off the turn, once it has dispatched. The job ends once, after the generation in
/// progress has stopped — unless that generation is the one ending it.
/// </summary>
internal sealed class GenerationLock
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly CancellationTokenSource _ending = new();

    /// <summary>Fires when the job starts ending: a generation in progress stops at its next step.</summary>
    public CancellationToken Ending => _ending.Token;

    /// <summary>No generation in progress and no end begun.</summary>
    public bool IsIdle => !_ending.IsCancellationRequested && _lock.CurrentCount > 0;

    /// <summary>Takes the lock for a new generation; false, without the lock, once the job has begun to end.</summary>
    public async Task<bool> EnterAsync()
    {
        await _lock.WaitAsync();
        if (!_ending.IsCancellationRequested)
        {
            return true;
        }

        _lock.Release();
        return false;
    }

    public void Exit() => _lock.Release();

    /// <summary>
    /// Runs <paramref name="end"/> for the first caller only, once no generation is in progress: a caller that does
    /// not hold the lock (<paramref name="holdsLock"/>) waits for the generation holding it, which stops at its next
    /// step. Later callers return at once.
    /// </summary>
    public async Task EndOnceAsync(bool holdsLock, Func<Task> end)
    {
        if (_ending.IsCancellationRequested)
        {
            return;
        }

        _ending.Cancel();
        if (!holdsLock)
        {
            await _lock.WaitAsync();
        }

        try
        {
            await end();
        }
        finally
        {
            if (!holdsLock)
            {
                _lock.Release();
            }
        }
    }
}
