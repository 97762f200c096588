using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;

namespace Mosaic.Grains.Jobs;

/// <summary>A job's persisted state: its spec, where it is, and every question answered so far.</summary>
[GenerateSerializer, Alias("mosaic.job-state")]
internal sealed class JobState
{
    [Id(0)] public JobSpec? Spec { get; set; }

    [Id(1)] public JobStatus Status { get; set; }

    [Id(2)] public Dictionary<string, QuestionResult> Results { get; set; } = new(StringComparer.Ordinal);

    [Id(3)] public DateTimeOffset? StartedAt { get; set; }

    [Id(4)] public DateTimeOffset? FinishedAt { get; set; }

    [Id(5)] public string? Error { get; set; }

    [Id(6)] public double PlannedMakespanSeconds { get; set; }

    [Id(7)] public double LowerBoundSeconds { get; set; }

    [Id(8)] public List<string> Workers { get; set; } = [];

    [Id(9)] public int Replans { get; set; }

    [Id(10)] public int Generation { get; set; }

    [Id(11)] public string Backend { get; set; } = "";

    [Id(12)] public Dictionary<string, double> PlannedBusySeconds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>When the questions were sent out, after planning; stage times count from here.</summary>
    [Id(13)] public DateTimeOffset? DispatchedAt { get; set; }
}
