using System.Runtime.CompilerServices;
using Mosaic.Abstractions.Jobs;

namespace Mosaic.Grains.Jobs;

/// <summary>
/// What a job's watchers see: a snapshot whenever the job signals a change (at most every 400 ms apart otherwise), until
/// it ends; with a streaming job's texts, the longest each call has reported, whichever generation ran it: a call's
/// text only grows, and a call planned again after its worker died writes the same text again (the service decodes
/// greedily), so its reports pass the old ones only once they have caught up. In memory only: a resumed activation
/// starts without them, and its calls report again.
/// </summary>
internal sealed class JobProgressFeed
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(400);
    private readonly Dictionary<(string QuestionId, int? Slot), CallText> _texts = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The longest text of every call that has reported one, or null when none has.</summary>
    public IReadOnlyList<CallText>? Texts => _texts.Count == 0 ? null : [.. _texts.Values];

    public void Signal() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Keeps each call's longest reported text and signals the watchers.</summary>
    public void Report(IReadOnlyList<CallText> texts)
    {
        foreach (var text in texts)
        {
            if (!_texts.TryGetValue((text.QuestionId, text.Slot), out var known) || known.Text.Length < text.Text.Length)
            {
                _texts[(text.QuestionId, text.Slot)] = text;
            }
        }

        Signal();
    }

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
