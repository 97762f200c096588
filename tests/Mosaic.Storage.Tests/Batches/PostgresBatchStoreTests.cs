using Mosaic.Storage.Batches;
using Mosaic.Storage.Tests.Jobs;
using Npgsql;

namespace Mosaic.Storage.Tests.Batches;

public sealed class PostgresBatchStoreTests(PostgresJobStoreFixture fixture) : IClassFixture<PostgresJobStoreFixture>, IAsyncLifetime
{
    private readonly string serviceId = TestClusters.NewId("pg-batches");
    private readonly List<IBatchStore> stores = [];

    [PostgresFact]
    public Task TryCreateFile_ExistingId_ReturnsFalseAndBytesRoundTrip() => BatchStoreScenarios.FilesCreateOnceAndRoundTripAsync(Store());

    [PostgresFact]
    public Task DeleteFile_Twice_SecondFindsNothingAndOtherFilesStay() => BatchStoreScenarios.FilesDeleteOnceAsync(Store());

    [PostgresFact]
    public Task ListFiles_Paged_NewestFirstWithPurposeFilter() => BatchStoreScenarios.FilesListNewestFirstAndPagedAsync(Store());

    [PostgresFact]
    public Task TryUpdateBatch_StaleVersion_RefusedAndRecordUnchanged() => BatchStoreScenarios.BatchCompareAndSetAsync(Store());

    [PostgresFact]
    public Task ListBatches_OpenAndPaged_NewestFirstOpenOldestFirst() => BatchStoreScenarios.BatchListsAsync(Store());

    [PostgresFact]
    public Task TryUpdateBatch_ParallelWritersOfOneVersion_ExactlyOneWins() => BatchStoreScenarios.ConcurrentUpdatesAsync(Store());

    [PostgresFact]
    public Task DeleteFile_InputOfAnOpenBatch_KeptUntilTheBatchEnds() => BatchStoreScenarios.InputFileOfOpenBatchIsKeptAsync(Store());

    [PostgresFact]
    public Task CreateBatchAndDeleteItsFile_AtOnce_NeverBothSucceed() => BatchStoreScenarios.CreateAndDeleteAtOnceNeverBothWinAsync(Store(), pairs: 40);

    [PostgresFact]
    public Task Calls_BadArguments_ThrowArgumentExceptions() => BatchStoreScenarios.BadArgumentsAsync(Store());

    [PostgresFact]
    public Task Stores_DifferentServiceIds_AreSeparate() => BatchStoreScenarios.ServiceIdsAreSeparateAsync(Store(), Store(serviceId + "-other"));

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
        foreach (var table in new[] { "mosaic_file", "mosaic_batch" })
        {
            await using var command = new NpgsqlCommand($"DELETE FROM {table} WHERE service_id LIKE $1", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId + "%" });
            await command.ExecuteNonQueryAsync();
        }
    }

    private IBatchStore Store(string? service = null)
    {
        var store = BatchStores.Create(fixture.Options, service ?? serviceId);
        stores.Add(store);
        return store;
    }
}
