namespace Mosaic.Zoo;

/// <summary>Bad input to the zoo: an unknown model name, a missing or unreadable zoo folder or manifest.</summary>
public sealed class ZooException(string message, Exception? inner = null) : Exception(message, inner);
