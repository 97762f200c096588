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

    /// <summary>
    /// Parts of the text of running calls of this (streaming) job, for its watchers; returns, for each part, the length
    /// of its call's text the job holds now, from which its sender goes on.
    /// </summary>
    [Alias("report-texts")]
    Task<IReadOnlyList<int>> ReportTextsAsync(IReadOnlyList<CallText> parts);
}
