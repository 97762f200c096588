using Mosaic.Hosting;
using Mosaic.Storage;

namespace Mosaic.Cli.Demo;

/// <summary>
/// The demo's SQLite data folder. Every demo starts from a fresh store, so that a killed earlier demo's jobs do not
/// resume in it; but it removes only the store files of a store it made itself (marked by <see cref="MarkerFileName"/>),
/// never anything else in the folder, and refuses a store it did not make: <c>--data</c> pointing at the data folder
/// of <c>mosaic serve</c> (its batches and files) or at any folder of the user's must lose nothing.
/// </summary>
internal static class DemoStore
{
    public const string MarkerFileName = ".mosaic-demo-store";

    private static readonly string[] StoreFileNames =
        [MosaicStorage.SqliteFileName, $"{MosaicStorage.SqliteFileName}-wal", $"{MosaicStorage.SqliteFileName}-shm", $"{MosaicStorage.SqliteFileName}-journal"];

    /// <summary>
    /// Makes <paramref name="folder"/> ready for a fresh store: removes the store of an earlier demo (a marked folder,
    /// or the default folder holding nothing but store files, as demos before the marker left it), then marks it.
    /// </summary>
    /// <param name="isDefault">The folder is the default <c>&lt;out&gt;/data</c>, not one the user named with <c>--data</c>.</param>
    /// <exception cref="UsageException">The folder holds a Mosaic store this demo did not make; nothing was changed.</exception>
    /// <exception cref="StoreInUseException">A running cluster (another demo, a serve) holds the folder's store; nothing was changed.</exception>
    public static void Prepare(string folder, bool isDefault)
    {
        if (File.Exists(folder))
        {
            throw new UsageException($"{(isDefault ? "the data folder under --out" : "--data")} '{folder}' is a file, not a folder");
        }

        if (Directory.Exists(folder))
        {
            StoreLock.ThrowIfHeld(Path.Combine(folder, MosaicStorage.SqliteFileName));
            var storeFiles = StoreFileNames.Select(n => Path.Combine(folder, n)).Where(File.Exists).ToArray();
            var marked = File.Exists(Path.Combine(folder, MarkerFileName));
            var onlyStoreFiles = Directory.EnumerateFileSystemEntries(folder).All(e => StoreFileNames.Contains(Path.GetFileName(e)));
            if (storeFiles.Length > 0 && !marked && !(isDefault && onlyStoreFiles))
            {
                throw new UsageException(
                    $"{(isDefault ? "the data folder under --out" : "--data")} '{folder}' holds a Mosaic store the demo did not make "
                    + "(mosaic serve's or mosaic run's?); the demo starts from a fresh store of its own and deletes only that: pass a new or empty folder");
            }

            foreach (var file in storeFiles)
            {
                File.Delete(file);
            }
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, MarkerFileName), "The SQLite store of `mosaic demo`: each demo replaces the store files here (mosaic.db*) and nothing else.\n");
    }
}
