using Npgsql;
using Orleans.TestingHost;

namespace Mosaic.Storage.Tests;

/// <summary>
/// One in-process silo storing grain state in PostgreSQL (the test cluster keeps its own in-memory membership, so
/// clustering is off here; <see cref="PostgresClusteringTests"/> covers it). Does nothing without MOSAIC_TEST_POSTGRES.
/// </summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    public string ServiceId { get; } = TestClusters.NewId("pg-svc");

    public InProcessTestCluster Cluster => cluster ?? throw new InvalidOperationException("MOSAIC_TEST_POSTGRES is not set.");

    private InProcessTestCluster? cluster;

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is not { } connectionString)
        {
            return;
        }

        var storage = new MosaicStorageOptions
        {
            Provider = MosaicStorageProvider.Postgres,
            ConnectionString = connectionString,
            UseClustering = false,
        };
        cluster = await TestClusters.DeployAsync(storage, ServiceId);
    }

    public async Task DisposeAsync()
    {
        if (cluster is null || PostgresFactAttribute.ConnectionString is not { } connectionString)
        {
            return;
        }

        await cluster.DisposeAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("DELETE FROM mosaic_grain_state WHERE service_id = @service", connection);
        command.Parameters.AddWithValue("service", ServiceId);
        await command.ExecuteNonQueryAsync();
    }
}
