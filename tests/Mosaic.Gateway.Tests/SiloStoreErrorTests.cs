using Microsoft.Data.Sqlite;
using Mosaic.Gateway.Hosting;
using Mosaic.Hosting;
using Mosaic.Storage;

namespace Mosaic.Gateway.Tests;

/// <summary>
/// A SQLite store failure inside a silo, through Orleans to the gateway: the store's own words cross (as
/// <see cref="Abstractions.JobStoreException"/>) and are a 500 <c>store_error</c> naming the script to apply. Until
/// 2026-12-06 a missing job table was a 500 <c>internal_error</c> "CodecNotFoundException": Orleans sends back only
/// exception types the caller can read, and the store's own was not one.
/// </summary>
public sealed class SiloStoreErrorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mosaic-silo-store-").FullName;

    [Fact]
    public async Task Submit_SiloStoreWithoutItsJobTable_500StoreErrorNamingTheScript()
    {
        var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
        {
            Workers = 1,
            Grains = TestPool.Grains(),
            Storage = new MosaicStorageOptions { Provider = MosaicStorageProvider.Sqlite, DataFolder = _folder },
        });
        try
        {
            await using var gateway = await GatewayHost.StartAsync(
                new GatewaySetup
                {
                    Cluster = cluster.ClientOptions(),
                    Storage = new MosaicStorageOptions { Provider = MosaicStorageProvider.Memory },
                    Gateway = new GatewayOptions { BatchScanInterval = TimeSpan.Zero },
                    Pool = TestPool.Pool(),
                },
                "Development");
            using (var database = new SqliteConnection($"Data Source={Path.Combine(_folder, MosaicStorage.SqliteFileName)}"))
            {
                database.Open();
                using var rename = database.CreateCommand();
                rename.CommandText = "ALTER TABLE mosaic_job RENAME TO mosaic_job_gone";
                rename.ExecuteNonQuery();
            }

            using var http = gateway.Http(null);
            var response = await http.PostAsync("v1/chat/completions", Json.Body(new { model = "alpha", messages = new[] { new { role = "user", content = "What is 3 + 4?" } } }));

            var error = await Json.AssertErrorAsync(response, 500, "store_error");
            Assert.StartsWith("The job store (database) failed: SQLite job store: no such table: mosaic_job; apply infra/sql/sqlite/03-jobs.sql", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await cluster.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
