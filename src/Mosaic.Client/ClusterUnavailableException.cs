namespace Mosaic.Client;

/// <summary>
/// No silo of the cluster answered: for <see cref="MosaicClientOptions.ClusterPatience"/> while a read or a watch kept
/// asking (every silo down, or restarting for longer than that). The message names the cluster and its gateways and
/// the innermost cause in one line; the Orleans exception of the last attempt is the inner exception. A job the cluster
/// accepted is durable: it goes on when the silos are back, and the same client reaches them again by itself.
/// </summary>
public sealed class ClusterUnavailableException : Exception
{
    public ClusterUnavailableException(string message)
        : base(message)
    {
    }

    public ClusterUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
