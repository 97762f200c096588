namespace Mosaic.Grains.Devices.Sessions;

/// <summary>
/// A planned session was dropped because its <see cref="Missing"/> calls did not come within the wait bound (no call
/// of it arrived since <see cref="WaitingSince"/>); those calls, if they ever arrive, go to an open-ended session.
/// </summary>
internal sealed record SkipDecision(
    long SessionId,
    string JobId,
    string Expert,
    IReadOnlyList<CallKey> Missing,
    TimeSpan WaitingSince) : SessionDecision;
