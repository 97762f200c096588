namespace Mosaic.Client;

/// <summary>A client configuration problem, described in one line that names the setting.</summary>
public sealed class MosaicClientException : Exception
{
    public MosaicClientException(string message)
        : base(message)
    {
    }

    public MosaicClientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
