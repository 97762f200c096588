using Microsoft.Data.Sqlite;
using Mosaic.Storage.Tests.Grains;

namespace Mosaic.Storage.Tests;

public sealed class SqliteGrainStorageTests(SqliteClusterFixture fixture) : IClassFixture<SqliteClusterFixture>
{
    [Fact]
    public async Task Schema_is_created_in_a_file_under_the_data_folder()
    {
        var file = Path.Combine(fixture.DataFolder, MosaicStorage.SqliteFileName);
        Assert.True(File.Exists(file));
        Assert.Equal(
            SqlSchemaInstallerTests.PersistenceKeys.Concat(SqlSchemaInstallerTests.ClusteringKeys).Order(StringComparer.Ordinal),
            await SqliteQueryKeysAsync(file));
    }

    [Fact]
    public Task Write_deactivate_read_back() => GrainStorageScenarios.WriteDeactivateReadBackAsync(fixture.Cluster);

    [Fact]
    public Task Concurrent_write_surfaces_as_InconsistentStateException() =>
        GrainStorageScenarios.ConcurrentWriteConflictAsync(fixture.Cluster);

    [Fact]
    public Task Storage_level_conflicts_let_exactly_one_writer_win() =>
        GrainStorageScenarios.StorageLevelConflictsAsync(fixture.Cluster);

    [Fact]
    public Task Clear_empties_the_state_and_writing_continues() => GrainStorageScenarios.ClearAsync(fixture.Cluster);

    [Fact]
    public Task Delete_on_clear_removes_the_row_under_the_ETag_check() => GrainStorageScenarios.DeleteOnClearAsync(fixture.Cluster);

    [Fact]
    public async Task State_is_a_row_in_the_database_file()
    {
        var key = TestClusters.NewId("row");
        await fixture.Cluster.Client.GetGrain<INoteGrain>(key).SetAsync("stored");

        await using var connection = new SqliteConnection(fixture.Storage.GetConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, length(payload) FROM mosaic_grain_state WHERE service_id = $service AND grain_type = $type AND grain_id_ext = $key";
        command.Parameters.AddWithValue("$service", fixture.ServiceId);
        command.Parameters.AddWithValue("$type", NoteGrain.StateName);
        command.Parameters.AddWithValue("$key", key);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(1L, reader.GetInt64(0));
        Assert.True(reader.GetInt64(1) > 0);
        Assert.False(await reader.ReadAsync());
    }

    internal static async Task<string[]> SqliteQueryKeysAsync(string file)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey";
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return [.. keys];
    }
}
