using System.Collections.Concurrent;
using Mosaic.Abstractions.Jobs;
using Mosaic.Grains.Jobs;

namespace Mosaic.Grains.Tests;

/// <summary>Test double of the job grain's internal side: records the streamed texts the device's relay delivers.</summary>
internal sealed class JobControlDouble : IJobControl
{
    private readonly ConcurrentQueue<(int Generation, CallText Text)> _texts = new();

    /// <summary>Every delivered text with its generation, in delivery order.</summary>
    public IReadOnlyList<(int Generation, CallText Text)> Texts => [.. _texts];

    public Task EnsureRunningAsync() => Task.CompletedTask;

    public Task CompletedAsync(int generation, JobCounters counters) => Task.CompletedTask;

    public Task ReportTextsAsync(int generation, IReadOnlyList<CallText> texts)
    {
        foreach (var text in texts)
        {
            _texts.Enqueue((generation, text));
        }

        return Task.CompletedTask;
    }
}
