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

    /// <summary>A problem in the storage settings themselves (<see cref="BadSettings"/>).</summary>
    public static MosaicStorageException InSettings(string message, Exception? innerException = null) =>
        innerException is null ? new(message) { BadSettings = true } : new(message, innerException) { BadSettings = true };

    /// <summary>
    /// The settings the user gave are wrong (a malformed connection string, a password the server refuses, a database it
    /// does not have), rather than the store being down: a command line says so with its usage exit code.
    /// </summary>
    public bool BadSettings { get; private init; }
}
