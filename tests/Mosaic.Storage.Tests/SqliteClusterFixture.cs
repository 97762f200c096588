using Orleans.TestingHost;

namespace Mosaic.Storage.Tests;

/// <summary>One in-process silo storing grain state in a SQLite file in a temporary data folder.</summary>
public sealed class SqliteClusterFixture : IAsyncLifetime
{
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), TestClusters.NewId("mosaic-sqlite"));

    public string ServiceId { get; } = TestClusters.NewId("sqlite-svc");

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public MosaicStorageOptions Storage => new() { Provider = MosaicStorageProvider.Sqlite, DataFolder = DataFolder };

    public async Task InitializeAsync() => Cluster = await TestClusters.DeployAsync(Storage, ServiceId);

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataFolder))
        {
            Directory.Delete(DataFolder, recursive: true);
        }
    }
}
