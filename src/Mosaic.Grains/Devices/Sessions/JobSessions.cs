using Mosaic.Abstractions.Jobs;

namespace Mosaic.Grains.Devices.Sessions;

/// <summary>A job's part of a worker's order: its priority, its sessions in order, its newest generation, its cancelled calls.</summary>
internal sealed class JobSessions(string jobId, JobPriority priority)
{
    public string JobId { get; } = jobId;

    /// <summary>As its prepare or requests said (a job first seen by a cancel or a withdrawal is taken as interactive until then).</summary>
    public JobPriority Priority { get; set; } = priority;

    public List<QueuedSession> Sessions { get; } = [];

    /// <summary>The newest generation seen (prepare, withdraw or request); older requests are refused.</summary>
    public int Generation { get; set; } = int.MinValue;

    /// <summary>Calls cancelled before (or after) they arrived; refused on arrival until the job closes.</summary>
    public HashSet<CallKey> Tombstones { get; } = [];

    /// <summary>Where each queued (arrived, not started) call of the job waits.</summary>
    public Dictionary<CallKey, QueuedSession> QueuedIn { get; } = [];

    public bool Closed { get; set; }
}
