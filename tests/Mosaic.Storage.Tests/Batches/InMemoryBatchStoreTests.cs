using Mosaic.Storage.Batches;

namespace Mosaic.Storage.Tests.Batches;

public sealed class InMemoryBatchStoreTests
{
    private readonly IBatchStore store = InMemoryBatchStore.Shared(TestClusters.NewId("mem-batches"));

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
        BatchStoreScenarios.ServiceIdsAreSeparateAsync(store, InMemoryBatchStore.Shared(TestClusters.NewId("mem-other")));
}
