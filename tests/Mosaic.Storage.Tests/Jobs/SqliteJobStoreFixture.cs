using Microsoft.Data.Sqlite;
using Mosaic.Storage.Jobs;

namespace Mosaic.Storage.Tests.Jobs;

/// <summary>A SQLite file with the schema applied, in a temporary folder deleted afterwards.</summary>
public sealed class SqliteJobStoreFixture : IAsyncLifetime
{
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), TestClusters.NewId("mosaic-jobs"));

    public MosaicStorageOptions Options => new() { Provider = MosaicStorageProvider.Sqlite, DataFolder = DataFolder };

    public string DatabaseFile => Path.Combine(DataFolder, MosaicStorage.SqliteFileName);

    public IJobStore Create(string serviceId) => JobStores.Create(Options, serviceId);

    public Task InitializeAsync() => SqlSchemaInstaller.ApplyAsync(Options);

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataFolder))
        {
            Directory.Delete(DataFolder, recursive: true);
        }

        return Task.CompletedTask;
    }
}
