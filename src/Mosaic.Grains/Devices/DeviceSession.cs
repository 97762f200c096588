namespace Mosaic.Grains.Devices;

/// <summary>
/// A session in a device's run order. A planned session knows exactly which request ids it serves and is strict:
/// nothing after it runs until every one of them is served or cancelled. An open-ended session (the aggregator, or
/// work re-planned after a failure) serves whatever arrives for its expert and yields to later sessions while idle.
/// </summary>
internal sealed class DeviceSession(string jobId, string expert, IEnumerable<string>? requestIds, CancellationToken shutdown)
{
    /// <summary>Stops this session's load or generation when its job is cancelled or the device shuts down.</summary>
    public CancellationTokenSource Cancellation { get; } = CancellationTokenSource.CreateLinkedTokenSource(shutdown);

    public string JobId { get; } = jobId;

    public string Expert { get; } = expert;

    public HashSet<string>? Remaining { get; } = requestIds is null ? null : new HashSet<string>(requestIds, StringComparer.Ordinal);

    public Queue<PendingRequest> Queue { get; } = new();

    public bool IsOpenEnded => Remaining is null;

    public bool Closed { get; set; }

    public bool IsFinished => IsOpenEnded ? Closed && Queue.Count == 0 : Remaining!.Count == 0 && Queue.Count == 0;
}
