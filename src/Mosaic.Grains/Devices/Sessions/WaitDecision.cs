namespace Mosaic.Grains.Devices.Sessions;

/// <summary>Nothing can run: a planned session waits for calls. Ask again at <see cref="Until"/> (or on any event before).</summary>
internal sealed record WaitDecision(TimeSpan Until) : SessionDecision;
