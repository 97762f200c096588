using Microsoft.Data.Sqlite;
using Mosaic.Storage;

namespace Mosaic.Hosting;

/// <summary>
/// One embedded cluster per SQLite store: an exclusive lock on <c>mosaic.db.lock</c> beside the database, held while
/// the cluster runs and released by the operating system if the process dies. Two clusters on one store would each
/// wake the other's running jobs (<c>JobResumer</c>) and run them twice; the second is refused at start instead.
/// Separate silo processes that form one cluster on a shared SQLite store do not take it.
/// </summary>
internal sealed class StoreLock : IDisposable
{
    private readonly FileStream _file;

    private StoreLock(FileStream file) => _file = file;

    /// <summary>Locks the store of <paramref name="storage"/>; null when it is not a SQLite store (nothing to lock).</summary>
    /// <exception cref="StoreInUseException">Another process (or cluster) holds the store.</exception>
    public static StoreLock? Acquire(MosaicStorageOptions storage)
    {
        if (storage.Provider != MosaicStorageProvider.Sqlite)
        {
            return null;
        }

        var database = DatabasePath(storage);
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        return new StoreLock(Open(database));
    }

    /// <summary>Fails when a running cluster holds the store whose database is <paramref name="database"/>; creates nothing.</summary>
    /// <exception cref="StoreInUseException">A running cluster holds it.</exception>
    public static void ThrowIfHeld(string database)
    {
        if (File.Exists(LockPath(database)))
        {
            Open(database).Dispose();
        }
    }

    public void Dispose() => _file.Dispose();

    private static FileStream Open(string database)
    {
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix, a sharing mode on Windows: either way a second opener fails.
            return new FileStream(LockPath(database), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new StoreInUseException(
                $"the SQLite store '{database}' is in use by another Mosaic cluster (mosaic serve, demo or run); two clusters on one store would each resume the other's running jobs: stop it or use another data folder",
                e);
        }
    }

    private static string LockPath(string database) => database + ".lock";

    private static string DatabasePath(MosaicStorageOptions storage) =>
        Path.GetFullPath(new SqliteConnectionStringBuilder(storage.GetConnectionString()).DataSource);
}
