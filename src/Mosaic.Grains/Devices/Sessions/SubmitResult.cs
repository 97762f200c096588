namespace Mosaic.Grains.Devices.Sessions;

/// <summary>What became of a submitted request.</summary>
internal enum SubmitResult
{
    /// <summary>Queued in a session (planned if one expects it, else the job's open-ended session for its expert).</summary>
    Queued,

    /// <summary>The call is already queued (the newer copy replaced it) or running; nothing new was queued.</summary>
    Duplicate,

    /// <summary>The call was cancelled before it arrived.</summary>
    RefusedCancelledCall,

    /// <summary>The job was cancelled or closed on this worker.</summary>
    RefusedJobEnded,

    /// <summary>The request's generation is older than the newest this worker has seen for the job.</summary>
    RefusedStaleGeneration,
}
