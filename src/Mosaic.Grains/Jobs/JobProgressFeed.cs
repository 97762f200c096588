using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Mosaic.Abstractions.Jobs;

namespace Mosaic.Grains.Jobs;

/// <summary>
/// What a job's watchers see: a snapshot whenever the job signals a change (at most every 400 ms apart otherwise), until
/// it ends; with a streaming job's texts, each watcher gets each call's text once and then only what it gained. A call's
/// text here only grows: the workers' relays send the parts past what it holds, and a call planned again after its
/// worker died writes the same text again (the service decodes greedily), so its parts extend the text only once they
/// have caught up. In memory only: a resumed activation starts without them, and its calls' relays send again from the
/// start. A watcher takes its next event within a heartbeat of the last while its client lives, so the time since an
/// event last went out is how long the job has gone unwatched (a dead client's stream is left suspended, not ended).
/// </summary>
internal sealed class JobProgressFeed
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(400);
    private readonly Dictionary<(string QuestionId, int? Slot), (string Expert, StringBuilder Text)> _texts = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _watchedAt = Stopwatch.GetTimestamp();

    /// <summary>The time since an event last went to a watcher (or since this feed began, before any).</summary>
    public TimeSpan Unwatched => Stopwatch.GetElapsedTime(_watchedAt);

    public void Signal() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>
    /// Extends each call's text with the part of <paramref name="parts"/> past its end and signals the watchers; returns,
    /// for each part, the length the call's text now has (a part that begins past the end is not taken, and its
    /// sender then sends again from that length).
    /// </summary>
    public IReadOnlyList<int> Report(IReadOnlyList<CallText> parts)
    {
        var held = new int[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            var key = (part.QuestionId, part.Slot);
            if (!_texts.TryGetValue(key, out var call))
            {
                _texts[key] = call = (part.Expert, new StringBuilder());
            }

            var text = call.Text;
            if (part.Offset <= text.Length && part.End > text.Length)
            {
                text.Append(part.Text, text.Length - part.Offset, part.End - text.Length);
            }

            held[i] = text.Length;
        }

        Signal();
        return held;
    }

    public async IAsyncEnumerable<JobProgress> WatchAsync(Func<JobProgress> snapshot, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sent = new Dictionary<(string QuestionId, int? Slot), int>();
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = _changed.Task;
            var progress = snapshot() with { Texts = NewParts(sent) };
            _watchedAt = Stopwatch.GetTimestamp();
            yield return progress;
            if (progress.Status != JobStatus.Running)
            {
                yield break;
            }

            await Task.WhenAny(changed, Task.Delay(Heartbeat, cancellationToken));
        }
    }

    /// <summary>What each call's text gained since <paramref name="sent"/>, which then records it; null when nothing did.</summary>
    private List<CallText>? NewParts(Dictionary<(string QuestionId, int? Slot), int> sent)
    {
        List<CallText>? parts = null;
        foreach (var ((questionId, slot), (expert, text)) in _texts)
        {
            var from = sent.GetValueOrDefault((questionId, slot));
            if (text.Length > from)
            {
                (parts ??= []).Add(new CallText(questionId, slot, expert, text.ToString(from, text.Length - from), from));
                sent[(questionId, slot)] = text.Length;
            }
        }

        return parts;
    }
}
