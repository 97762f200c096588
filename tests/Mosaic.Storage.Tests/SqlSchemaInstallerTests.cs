using Microsoft.Data.Sqlite;
using Npgsql;

namespace Mosaic.Storage.Tests;

public sealed class SqlSchemaInstallerTests : IDisposable
{
    internal static readonly string[] PersistenceKeys =
        ["ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey"];

    internal static readonly string[] ClusteringKeys =
    [
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey",
        "UpdateIAmAlivetimeKey", "UpdateMembershipKey",
    ];

    private readonly string dataFolder = Path.Combine(Path.GetTempPath(), TestClusters.NewId("mosaic-schema"));

    [Fact]
    public void Scripts_are_embedded_in_apply_order()
    {
        Assert.Equal(["01-main.sql", "02-persistence.sql", "03-jobs.sql", "04-clustering.sql", "05-batches.sql"], SqlSchemaInstaller.GetScriptNames(MosaicStorageProvider.Sqlite));
        Assert.Equal(
            ["01-main.sql", "02-persistence.sql", "03-clustering.sql", "04-jobs.sql", "05-batches.sql"],
            SqlSchemaInstaller.GetScriptNames(MosaicStorageProvider.Postgres));
        Assert.Contains("CREATE TABLE IF NOT EXISTS OrleansQuery", SqlSchemaInstaller.GetScript(MosaicStorageProvider.Postgres, "01-main.sql"));
        Assert.Throws<ArgumentException>(() => SqlSchemaInstaller.GetScriptNames(MosaicStorageProvider.Memory));
    }

    [Fact]
    public async Task Sqlite_schema_applies_twice_without_error()
    {
        var options = new MosaicStorageOptions { Provider = MosaicStorageProvider.Sqlite, DataFolder = Path.Combine(dataFolder, "nested") };

        await SqlSchemaInstaller.ApplyAsync(options);
        await SqlSchemaInstaller.ApplyAsync(options);

        var file = Path.Combine(dataFolder, "nested", MosaicStorage.SqliteFileName);
        Assert.Equal(PersistenceKeys.Concat(ClusteringKeys).Order(StringComparer.Ordinal), await SqliteGrainStorageTests.SqliteQueryKeysAsync(file));
        await using var connection = new SqliteConnection(options.GetConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'mosaic%' ORDER BY name";
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Equal(
            ["mosaic_batch", "mosaic_file", "mosaic_grain_state", "mosaic_job", "mosaic_job_output", "mosaic_job_result", "mosaic_membership", "mosaic_membership_version", "mosaic_schema_info"],
            tables);
    }

    [PostgresFact]
    public async Task Postgres_schema_applies_twice_and_concurrently_without_error()
    {
        var options = new MosaicStorageOptions
        {
            Provider = MosaicStorageProvider.Postgres,
            ConnectionString = PostgresFactAttribute.ConnectionString,
        };

        await SqlSchemaInstaller.ApplyAsync(options);
        await SqlSchemaInstaller.ApplyAsync(options);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SqlSchemaInstaller.ApplyAsync(options)));

        await using var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey", connection);
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Equal(PersistenceKeys.Concat(ClusteringKeys).Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [PostgresFact]
    public async Task Postgres_unreachable_server_is_a_one_line_error_naming_the_provider()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString)
        {
            Port = TestClusters.FreeTcpPort(),
            Timeout = 3,
        };
        var options = new MosaicStorageOptions { Provider = MosaicStorageProvider.Postgres, ConnectionString = builder.ConnectionString };

        var error = await Assert.ThrowsAsync<MosaicStorageException>(() => SqlSchemaInstaller.ApplyAsync(options));
        Assert.StartsWith("PostgreSQL storage: cannot connect to 127.0.0.1:", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("Password", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [PostgresFact]
    public async Task Postgres_wrong_password_is_a_one_line_error_naming_the_provider()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString) { Password = "not-the-password" };
        var options = new MosaicStorageOptions { Provider = MosaicStorageProvider.Postgres, ConnectionString = builder.ConnectionString };

        var error = await Assert.ThrowsAsync<MosaicStorageException>(() => SqlSchemaInstaller.ApplyAsync(options));
        Assert.StartsWith("PostgreSQL storage: cannot connect to", error.Message);
        Assert.DoesNotContain("not-the-password", error.Message);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataFolder))
        {
            Directory.Delete(dataFolder, recursive: true);
        }
    }
}
