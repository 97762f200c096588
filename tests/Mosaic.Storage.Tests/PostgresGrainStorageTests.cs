using Mosaic.Storage.Tests.Grains;
using Npgsql;

namespace Mosaic.Storage.Tests;

public sealed class PostgresGrainStorageTests(PostgresClusterFixture fixture) : IClassFixture<PostgresClusterFixture>
{
    [PostgresFact]
    public Task Write_deactivate_read_back() => GrainStorageScenarios.WriteDeactivateReadBackAsync(fixture.Cluster);

    [PostgresFact]
    public Task Concurrent_write_surfaces_as_InconsistentStateException() =>
        GrainStorageScenarios.ConcurrentWriteConflictAsync(fixture.Cluster);

    [PostgresFact]
    public Task Storage_level_conflicts_let_exactly_one_writer_win() =>
        GrainStorageScenarios.StorageLevelConflictsAsync(fixture.Cluster);

    [PostgresFact]
    public Task Clear_empties_the_state_and_writing_continues() => GrainStorageScenarios.ClearAsync(fixture.Cluster);

    [PostgresFact]
    public Task Delete_on_clear_removes_the_row_under_the_ETag_check() => GrainStorageScenarios.DeleteOnClearAsync(fixture.Cluster);

    [PostgresFact]
    public async Task State_is_a_row_in_the_database()
    {
        var key = TestClusters.NewId("row");
        await fixture.Cluster.Client.GetGrain<INoteGrain>(key).SetAsync("stored");

        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT version, length(payload) FROM mosaic_grain_state WHERE service_id = @service AND grain_type = @type AND grain_id_ext = @key",
            connection);
        command.Parameters.AddWithValue("service", fixture.ServiceId);
        command.Parameters.AddWithValue("type", NoteGrain.StateName);
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(1, reader.GetInt32(0));
        Assert.True(reader.GetInt32(1) > 0);
        Assert.False(await reader.ReadAsync());
    }
}
