using Mosaic.Abstractions.Jobs;

namespace Mosaic.Grains.Jobs;

/// <summary>The job's internal side: woken by the resume scan, told by its aggregation grain when every question is answered.</summary>
[Alias("mosaic.job-control")]
internal interface IJobControl : IGrainWithStringKey
{
    /// <summary>Activates the job; a running job whose activation had died resumes.</summary>
    [Alias("ensure-running")]
    Task EnsureRunningAsync();

    /// <summary>Every question of generation <paramref name="generation"/> has its result row.</summary>
    [Alias("completed")]
    [OneWay]
    Task CompletedAsync(int generation, JobCounters counters);

    /// <summary>The newest text of running calls of this (streaming) job, for its watchers.</summary>
    [Alias("report-texts")]
    [OneWay]
    Task ReportTextsAsync(IReadOnlyList<CallText> texts);
}
