namespace Mosaic.Grains.Devices.Sessions;

/// <summary>
/// Stop <see cref="Calls"/>, running calls of less urgent jobs, so that job <see cref="ForJob"/>'s session can load
/// <see cref="ForExpert"/>; each stopped call is handed back with <see cref="SessionQueue.Evicted"/> and starts over later.
/// </summary>
internal sealed record EvictDecision(string ForJob, string ForExpert, IReadOnlyList<(string JobId, CallKey Key)> Calls) : SessionDecision;
