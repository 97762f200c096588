using Mosaic.Storage.Jobs;

namespace Mosaic.Storage.Tests.Jobs;

public sealed class InMemoryJobStoreTests
{
    // xunit creates the class once per test: every test has a store of its own.
    private readonly IJobStore store = InMemoryJobStore.Shared(TestClusters.NewId("mem-jobs"));

    [Fact]
    public Task TryCreateJob_ExistingId_ReturnsFalseAndKeepsSpec() => JobStoreScenarios.CreateOnceAsync(store);

    [Fact]
    public Task ReadSpec_AnyBytes_RoundTrip() => JobStoreScenarios.SpecRoundTripAsync(store);

    [Fact]
    public Task SaveOutputs_SameKeyAgain_FirstPayloadWinsAndCompletionsCount() => JobStoreScenarios.OutputsFirstPayloadWinsAsync(store);

    [Fact]
    public Task ReadOutputs_MixedIds_OrdinalOrderOneCompletionEach() => JobStoreScenarios.OutputsOrderAndEmptyAsync(store);

    [Fact]
    public Task SaveResults_SameIndexAgain_FirstRowKeptAndPagesInOrder() => JobStoreScenarios.ResultsInsertOnceAndPageInOrderAsync(store);

    [Fact]
    public Task ReadAnsweredIndexes_OutOfOrderSaves_Ascending() => JobStoreScenarios.AnsweredIndexesAsync(store);

    [Fact]
    public Task ReadTotals_RepeatedResults_CountedOnce() => JobStoreScenarios.TotalsAsync(store);

    [Fact]
    public Task ListRunningJobs_SetRunning_ListsRunningJobsOnly() => JobStoreScenarios.RegistryAsync(store);

    [Fact]
    public Task ListExpiredJobs_SetExpiry_ListsThoseWhoseTimeHasCome() => JobStoreScenarios.ExpiryAsync(store);

    [Fact]
    public Task DeleteJob_WithOutputsAndResults_RemovesEverything() => JobStoreScenarios.DeleteAsync(store);

    [Fact]
    public Task SaveOutputsOrResults_MissingJob_ThrowsKeyNotFound() => JobStoreScenarios.WritesToMissingJobThrowAsync(store);

    [Fact]
    public Task Calls_BadArguments_ThrowArgumentExceptions() => JobStoreScenarios.BadArgumentsAsync(store);

    [Fact]
    public Task Stores_DifferentServiceIds_AreSeparate() =>
        JobStoreScenarios.ServiceIdsAreSeparateAsync(store, InMemoryJobStore.Shared(TestClusters.NewId("mem-other")));

    [Fact]
    public Task Saves_ParallelWritersOfSameKeys_EveryCompletionCountedOnce() => JobStoreScenarios.ConcurrentWritersAsync(store);

    [Fact]
    public void Shared_SameName_SameInstance()
    {
        var name = TestClusters.NewId("mem-shared");
        Assert.Same(InMemoryJobStore.Shared(name), InMemoryJobStore.Shared(name));
        Assert.NotSame(InMemoryJobStore.Shared(name), InMemoryJobStore.Shared(name + "x"));
    }

    [Fact]
    public async Task ReadSpec_CallerChangesArrays_StoredCopyUnchanged()
    {
        var spec = JobData.Bytes("spec");
        var job = JobData.NewJobId();
        await store.TryCreateJobAsync(job, spec);
        spec[0] = (byte)'X';
        (await store.ReadSpecAsync(job))![1] = (byte)'X';

        Assert.Equal("spec", JobData.Text((await store.ReadSpecAsync(job))!));
    }
}
