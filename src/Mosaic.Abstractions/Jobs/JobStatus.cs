namespace Mosaic.Abstractions.Jobs;

/// <summary>Where a job is in its life.</summary>
[GenerateSerializer, Alias("mosaic.job-status")]
public enum JobStatus
{
    Unknown = 0,
    Running = 1,
    Completed = 2,
    Cancelled = 3,
    Failed = 4,
}
