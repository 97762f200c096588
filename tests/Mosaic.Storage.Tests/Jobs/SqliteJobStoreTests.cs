using Microsoft.Data.Sqlite;
using Mosaic.Storage.Jobs;

namespace Mosaic.Storage.Tests.Jobs;

public sealed class SqliteJobStoreTests(SqliteJobStoreFixture fixture) : IClassFixture<SqliteJobStoreFixture>
{
    private readonly IJobStore store = fixture.Create(TestClusters.NewId("sqlite-jobs"));

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
        JobStoreScenarios.ServiceIdsAreSeparateAsync(store, fixture.Create(TestClusters.NewId("sqlite-other")));

    [Fact]
    public Task Saves_ParallelWritersOfSameKeys_EveryCompletionCountedOnce() => JobStoreScenarios.ConcurrentWritersAsync(store);

    [Fact]
    public async Task Saves_SeveralProcessesOnOneFile_EveryCompletionCountedOnce()
    {
        const int Processes = 3;
        const int Rounds = 15;
        var serviceId = TestClusters.NewId("sqlite-procs");
        var shared = fixture.Create(serviceId);
        var job = await JobStoreScenarios.CreateAsync(shared);

        var exits = await Task.WhenAll(Enumerable.Range(0, Processes).Select(writer => ChildProcess.RunAsync(
            SqliteWriterProcess.Command, fixture.DatabaseFile, serviceId, job, writer.ToString(System.Globalization.CultureInfo.InvariantCulture), Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        Assert.All(exits, exit => Assert.True(exit.Code == 0, exit.Output));
        var outputs = await shared.ReadOutputsAsync(job);
        Assert.Equal(SqliteWriterProcess.Keys, outputs.Count);
        Assert.All(outputs, o => Assert.Equal(Processes * Rounds, o.Completions));
        var totals = await shared.ReadTotalsAsync(job);
        Assert.Equal(SqliteWriterProcess.Questions, totals.Answered);
        Assert.Equal(Enumerable.Range(0, SqliteWriterProcess.Questions), await shared.ReadAnsweredIndexesAsync(job));
    }

    [Fact]
    public async Task Calls_SchemaNotInstalled_OneLineErrorNamingTheScript()
    {
        var folder = Path.Combine(Path.GetTempPath(), TestClusters.NewId("mosaic-noschema"));
        try
        {
            var options = new MosaicStorageOptions { Provider = MosaicStorageProvider.Sqlite, DataFolder = folder };
            Directory.CreateDirectory(folder);
            var bare = JobStores.Create(options, "svc");

            var error = await Assert.ThrowsAsync<MosaicStorageException>(() => bare.TryCreateJobAsync("job", JobData.Bytes("x")));

            Assert.Equal(
                "SQLite job store: no such table: mosaic_job; apply infra/sql/sqlite/03-jobs.sql (a silo with Mosaic:Storage:InstallSchema=true does it at start-up).",
                error.Message);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task SaveResults_Committed_VisibleToANewConnection()
    {
        var job = await JobStoreScenarios.CreateAsync(store);
        await store.SaveResultsAsync(job, [JobData.Result(4)]);

        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = fixture.DatabaseFile, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT r.question_index, j.answered FROM mosaic_job_result r JOIN mosaic_job j USING (service_id, job_id) WHERE r.job_id = $job";
        command.Parameters.AddWithValue("$job", job);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((4L, 1L), (reader.GetInt64(0), reader.GetInt64(1)));
    }
}
