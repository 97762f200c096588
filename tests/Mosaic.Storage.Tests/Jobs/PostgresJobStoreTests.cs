using Mosaic.Storage.Jobs;
using Npgsql;

namespace Mosaic.Storage.Tests.Jobs;

public sealed class PostgresJobStoreTests(PostgresJobStoreFixture fixture) : IClassFixture<PostgresJobStoreFixture>, IAsyncLifetime
{
    private readonly string serviceId = TestClusters.NewId("pg-jobs");
    private readonly List<IJobStore> stores = [];

    [PostgresFact]
    public Task TryCreateJob_ExistingId_ReturnsFalseAndKeepsSpec() => JobStoreScenarios.CreateOnceAsync(Store());

    [PostgresFact]
    public Task ReadSpec_AnyBytes_RoundTrip() => JobStoreScenarios.SpecRoundTripAsync(Store());

    [PostgresFact]
    public Task SaveOutputs_SameKeyAgain_FirstPayloadWinsAndCompletionsCount() => JobStoreScenarios.OutputsFirstPayloadWinsAsync(Store());

    [PostgresFact]
    public Task ReadOutputs_MixedIds_OrdinalOrderOneCompletionEach() => JobStoreScenarios.OutputsOrderAndEmptyAsync(Store());

    [PostgresFact]
    public Task SaveResults_SameIndexAgain_FirstRowKeptAndPagesInOrder() => JobStoreScenarios.ResultsInsertOnceAndPageInOrderAsync(Store());

    [PostgresFact]
    public Task ReadAnsweredIndexes_OutOfOrderSaves_Ascending() => JobStoreScenarios.AnsweredIndexesAsync(Store());

    [PostgresFact]
    public Task ReadTotals_RepeatedResults_CountedOnce() => JobStoreScenarios.TotalsAsync(Store());

    [PostgresFact]
    public Task ListRunningJobs_SetRunning_ListsRunningJobsOnly() => JobStoreScenarios.RegistryAsync(Store());

    [PostgresFact]
    public Task ListExpiredJobs_SetExpiry_ListsThoseWhoseTimeHasCome() => JobStoreScenarios.ExpiryAsync(Store());

    [PostgresFact]
    public Task DeleteJob_WithOutputsAndResults_RemovesEverything() => JobStoreScenarios.DeleteAsync(Store());

    [PostgresFact]
    public Task SaveOutputsOrResults_MissingJob_ThrowsKeyNotFound() => JobStoreScenarios.WritesToMissingJobThrowAsync(Store());

    [PostgresFact]
    public Task Calls_BadArguments_ThrowArgumentExceptions() => JobStoreScenarios.BadArgumentsAsync(Store());

    [PostgresFact]
    public Task Stores_DifferentServiceIds_AreSeparate() => JobStoreScenarios.ServiceIdsAreSeparateAsync(Store(), Store(serviceId + "-other"));

    [PostgresFact]
    public Task Saves_ParallelWritersOfSameKeys_EveryCompletionCountedOnce() => JobStoreScenarios.ConcurrentWritersAsync(Store());

    [PostgresFact]
    public async Task SaveResults_OneCall_OneStatementUpdatesRowsAndTotals()
    {
        var store = Store();
        var job = await JobStoreScenarios.CreateAsync(store);
        var results = Enumerable.Range(0, 600).Select(i => JobData.Result(i)).ToArray();

        await store.SaveResultsAsync(job, results);

        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM mosaic_job_result WHERE service_id = $1 AND job_id = $2), answered, xmin::text::bigint = "
            + "(SELECT DISTINCT xmin::text::bigint FROM mosaic_job_result WHERE service_id = $1 AND job_id = $2) "
            + "FROM mosaic_job WHERE service_id = $1 AND job_id = $2",
            connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = job });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        // Every row and the totals were written by one transaction (one xmin), and agree.
        Assert.Equal((600L, 600, true), (reader.GetInt64(0), reader.GetInt32(1), reader.GetBoolean(2)));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in stores)
        {
            await ((IAsyncDisposable)store).DisposeAsync();
        }

        if (PostgresFactAttribute.ConnectionString is not { } connectionString)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("DELETE FROM mosaic_job WHERE service_id LIKE $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId + "%" });
        await command.ExecuteNonQueryAsync();
    }

    private IJobStore Store(string? service = null)
    {
        var store = JobStores.Create(fixture.Options, service ?? serviceId);
        stores.Add(store);
        return store;
    }
}
