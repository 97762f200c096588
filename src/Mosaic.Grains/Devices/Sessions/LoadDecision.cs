namespace Mosaic.Grains.Devices.Sessions;

/// <summary>Make <see cref="Expert"/> the resident model (nothing runs); session <see cref="SessionId"/> of <see cref="JobId"/> needs it.</summary>
internal sealed record LoadDecision(string Expert, string JobId, long SessionId) : SessionDecision;
