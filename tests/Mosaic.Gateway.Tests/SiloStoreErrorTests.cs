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
        var cluster = await StartWithoutTheJobTableAsync();
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

    /// <summary>
    /// The Orleans client sample, which references the client package alone: the store's line and exit code 1, where the
    /// exception used to end it with a stack trace (it caught only a refused job).
    /// </summary>
    [Fact]
    public async Task OrleansClientSample_SiloStoreWithoutItsJobTable_OneLineAndExitCode1()
    {
        var cluster = await StartWithoutTheJobTableAsync();
        try
        {
            var (exitCode, _, stderr) = await SampleProcess.RunOrleansClientAsync(
            [
                "--gateway-ports", string.Join(',', cluster.GatewayPorts), "--cluster-id", cluster.ClusterId, "--service-id", cluster.ServiceId,
                "--experts", string.Join(',', TestPool.Fast), "--questions", "3",
            ]);

            Assert.Equal(1, exitCode);
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
            Assert.StartsWith("error: SQLite job store: no such table: mosaic_job; apply infra/sql/sqlite/03-jobs.sql", stderr.Trim().Split('\n')[^1], StringComparison.Ordinal);
        }
        finally
        {
            await cluster.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<EmbeddedCluster> StartWithoutTheJobTableAsync()
    {
        var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
        {
            Workers = 1,
            Grains = TestPool.Grains(),
            Storage = new MosaicStorageOptions { Provider = MosaicStorageProvider.Sqlite, DataFolder = _folder },
        });
        using var database = new SqliteConnection($"Data Source={Path.Combine(_folder, MosaicStorage.SqliteFileName)}");
        database.Open();
        using var rename = database.CreateCommand();
        rename.CommandText = "ALTER TABLE mosaic_job RENAME TO mosaic_job_gone";
        rename.ExecuteNonQuery();
        return cluster;
    }
}
