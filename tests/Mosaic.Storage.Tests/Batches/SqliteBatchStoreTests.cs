using Mosaic.Storage.Batches;
using Mosaic.Storage.Tests.Jobs;

namespace Mosaic.Storage.Tests.Batches;

public sealed class SqliteBatchStoreTests(SqliteJobStoreFixture fixture) : IClassFixture<SqliteJobStoreFixture>
{
    private readonly IBatchStore store = BatchStores.Create(fixture.Options, TestClusters.NewId("sqlite-batches"));

    [Fact]
    public Task TryCreateFile_ExistingId_ReturnsFalseAndBytesRoundTrip() => BatchStoreScenarios.FilesCreateOnceAndRoundTripAsync(store);

    [Fact]
    public Task DeleteFile_Twice_SecondFindsNothingAndOtherFilesStay() => BatchStoreScenarios.FilesDeleteOnceAsync(store);

    [Fact]
    public Task ListFiles_Paged_NewestFirstWithPurposeFilter() => BatchStoreScenarios.FilesListNewestFirstAndPagedAsync(store);

    [Fact]
    public Task TryUpdateBatch_StaleVersion_RefusedAndRecordUnchanged() => BatchStoreScenarios.BatchCompareAndSetAsync(store);

    [Fact]
    public Task ListBatches_OpenAndPaged_NewestFirstOpenOldestFirst() => BatchStoreScenarios.BatchListsAsync(store);

    [Fact]
    public Task TryUpdateBatch_ParallelWritersOfOneVersion_ExactlyOneWins() => BatchStoreScenarios.ConcurrentUpdatesAsync(store);

    [Fact]
    public Task DeleteFile_InputOfAnOpenBatch_KeptUntilTheBatchEnds() => BatchStoreScenarios.InputFileOfOpenBatchIsKeptAsync(store);

    [Fact]
    public Task CreateBatchAndDeleteItsFile_AtOnce_NeverBothSucceed() => BatchStoreScenarios.CreateAndDeleteAtOnceNeverBothWinAsync(store, pairs: 40);

    [Fact]
    public Task Calls_BadArguments_ThrowArgumentExceptions() => BatchStoreScenarios.BadArgumentsAsync(store);

    [Fact]
    public Task Stores_DifferentServiceIds_AreSeparate() =>
        BatchStoreScenarios.ServiceIdsAreSeparateAsync(store, BatchStores.Create(fixture.Options, TestClusters.NewId("sqlite-other")));

    [Fact]
    public async Task ReadBatch_WithoutSchema_OneLineNamingTheScript()
    {
        var folder = Path.Combine(Path.GetTempPath(), TestClusters.NewId("no-schema"));
        Directory.CreateDirectory(folder);
        try
        {
            var bare = BatchStores.Create(new MosaicStorageOptions { Provider = MosaicStorageProvider.Sqlite, DataFolder = folder }, "svc");

            var error = await Assert.ThrowsAsync<MosaicStorageException>(() => bare.ReadBatchAsync("batch-1"));

            Assert.Equal(
                "SQLite batch store: no such table: mosaic_batch; apply infra/sql/sqlite/05-batches.sql (a silo or gateway with Mosaic:Storage:InstallSchema=true does it at start-up).",
                error.Message);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
