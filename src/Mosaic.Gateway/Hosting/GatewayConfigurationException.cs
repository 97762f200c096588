namespace Mosaic.Gateway.Hosting;

/// <summary>A gateway configuration mistake, reported as one line naming the setting (exit code 2).</summary>
public sealed class GatewayConfigurationException(string message) : Exception(message);
