namespace Mosaic.Hosting;

/// <summary>A configuration mistake, reported as one line with exit code 2.</summary>
public sealed class SiloConfigurationException(string message) : Exception(message);
