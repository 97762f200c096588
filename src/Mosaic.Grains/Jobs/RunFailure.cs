namespace Mosaic.Grains.Jobs;

/// <summary>What a job does when planning or dispatching a generation throws.</summary>
internal enum RunFailure
{
    /// <summary>A newer activation owns the job: this one stops.</summary>
    Superseded,

    /// <summary>No worker is live: wait for one, then plan again.</summary>
    WaitForWorkers,

    /// <summary>The plan cannot exist, or too many attempts failed in a row: the job fails.</summary>
    Fatal,

    /// <summary>A worker or silo went away, a timeout, a shutdown: the next tick plans again.</summary>
    Retry,
}
