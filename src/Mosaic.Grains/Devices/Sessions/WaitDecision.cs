namespace Mosaic.Grains.Devices.Sessions;

/// <summary>
/// Nothing can run: a planned session waits for calls, or an urgent session for the moment it may evict less urgent
/// calls. Ask again at <see cref="Until"/> (or on any event before).
/// </summary>
internal sealed record WaitDecision(TimeSpan Until) : SessionDecision;
