namespace Mosaic.Scheduling;

/// <summary>A scheduling instance that cannot be planned; the message names the problem in one line.</summary>
public sealed class InvalidInstanceException(string message) : Exception(message);
