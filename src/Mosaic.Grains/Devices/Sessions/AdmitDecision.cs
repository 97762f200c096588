namespace Mosaic.Grains.Devices.Sessions;

/// <summary>
/// Start <see cref="Requests"/> now: calls of one session of the resident model, joining whatever of it already runs.
/// <see cref="Waited"/> says, for each, how long it waited on this worker since it arrived.
/// </summary>
internal sealed record AdmitDecision(
    long SessionId,
    string JobId,
    string Expert,
    bool Planned,
    IReadOnlyList<InferenceRequest> Requests,
    IReadOnlyList<TimeSpan> Waited) : SessionDecision;
