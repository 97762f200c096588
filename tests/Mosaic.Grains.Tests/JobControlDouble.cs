using System.Collections.Concurrent;
using Mosaic.Abstractions.Jobs;
using Mosaic.Grains.Jobs;

namespace Mosaic.Grains.Tests;

/// <summary>
/// Test double of the job grain's internal side: takes the streamed text parts the device's relay delivers as the job
/// does (a part past a call's text is not taken; the answer is each call's length held), and can lose reports or
/// forget its texts as a new activation would.
/// </summary>
internal sealed class JobControlDouble : IJobControl
{
    private readonly object _lock = new();
    private readonly ConcurrentQueue<CallText> _parts = new();
    private CallTextAssembly _texts = new();
    private int _reportsToLose;

    /// <summary>Every part taken, in delivery order.</summary>
    public IReadOnlyList<CallText> Parts => [.. _parts];

    /// <summary>The text held of slot <paramref name="slot"/> of question <paramref name="questionId"/>.</summary>
    public string TextOf(string questionId, int? slot)
    {
        lock (_lock)
        {
            return _texts.TextOf(questionId, slot) ?? "";
        }
    }

    /// <summary>The next <paramref name="count"/> reports fail, as if lost on the way.</summary>
    public void LoseReports(int count)
    {
        lock (_lock)
        {
            _reportsToLose = count;
        }
    }

    /// <summary>Holds no text from now on, as a new activation of the job; returns the length held of slot 0 of <paramref name="questionId"/>.</summary>
    public int Forget(string questionId)
    {
        lock (_lock)
        {
            var held = _texts.TextOf(questionId, 0)?.Length ?? 0;
            _texts = new CallTextAssembly();
            return held;
        }
    }

    public Task EnsureRunningAsync() => Task.CompletedTask;

    public Task CompletedAsync(int generation, JobCounters counters) => Task.CompletedTask;

    public Task<IReadOnlyList<int>> ReportTextsAsync(IReadOnlyList<CallText> parts)
    {
        lock (_lock)
        {
            if (_reportsToLose > 0)
            {
                _reportsToLose--;
                return Task.FromException<IReadOnlyList<int>>(new TimeoutException("report lost"));
            }

            var held = new int[parts.Count];
            for (var i = 0; i < parts.Count; i++)
            {
                var known = _texts.TextOf(parts[i].QuestionId, parts[i].Slot)?.Length ?? 0;
                if (parts[i].Offset <= known)
                {
                    _parts.Enqueue(parts[i]);
                    _texts.Add([parts[i]]);
                }

                held[i] = _texts.TextOf(parts[i].QuestionId, parts[i].Slot)?.Length ?? 0;
            }

            return Task.FromResult<IReadOnlyList<int>>(held);
        }
    }
}
