namespace Mosaic.Hosting.Pools;

/// <summary>A pool configuration file that cannot be read or says something invalid; the message names the file and the field.</summary>
internal sealed class PoolFileException(string message) : Exception(message);
