namespace Mosaic.Storage;

/// <summary>A storage configuration or schema problem, described in one line that names the provider.</summary>
public sealed class MosaicStorageException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public MosaicStorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and the driver's exception.</summary>
    public MosaicStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
