using System.Runtime.CompilerServices;
using Mosaic.Abstractions.Jobs;

namespace Mosaic.Grains.Jobs;

/// <summary>What a job's watchers see: a snapshot whenever the job signals a change (at most every 400 ms apart otherwise), until it ends.</summary>
internal sealed class JobProgressFeed
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(400);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Signal() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public async IAsyncEnumerable<JobProgress> WatchAsync(Func<JobProgress> snapshot, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = _changed.Task;
            var progress = snapshot();
            yield return progress;
            if (progress.Status != JobStatus.Running)
            {
                yield break;
            }

            await Task.WhenAny(changed, Task.Delay(Heartbeat, cancellationToken));
        }
    }
}
