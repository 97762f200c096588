namespace Mosaic.Abstractions.Jobs;

/// <summary>Why the cluster refused a job at submission.</summary>
public enum JobRejection
{
    /// <summary>The job cannot run as given: its spec is invalid, or no plan fits the cluster.</summary>
    Invalid,

    /// <summary>A job of this id exists (submitted before, or a moment ago by another client).</summary>
    IdInUse,

    /// <summary>A job of this id was deleted; a deleted job's id is not used again (workers may still remember its calls).</summary>
    IdRetired,
}
