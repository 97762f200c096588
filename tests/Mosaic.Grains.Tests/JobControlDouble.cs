using System.Collections.Concurrent;
using Mosaic.Abstractions.Jobs;
using Mosaic.Grains.Jobs;

namespace Mosaic.Grains.Tests;

/// <summary>Test double of the job grain's internal side: records the streamed texts the device's relay delivers.</summary>
internal sealed class JobControlDouble : IJobControl
{
    private readonly ConcurrentQueue<CallText> _texts = new();

    /// <summary>Every delivered text, in delivery order.</summary>
    public IReadOnlyList<CallText> Texts => [.. _texts];

    public Task EnsureRunningAsync() => Task.CompletedTask;

    public Task CompletedAsync(int generation, JobCounters counters) => Task.CompletedTask;

    public Task ReportTextsAsync(IReadOnlyList<CallText> texts)
    {
        foreach (var text in texts)
        {
            _texts.Enqueue(text);
        }

        return Task.CompletedTask;
    }
}
