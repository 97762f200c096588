using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Mosaic.Abstractions.Results;
using Mosaic.Grains.Devices;
using Orleans.Serialization;
using static Mosaic.Grains.Tests.Calls;

namespace Mosaic.Grains.Tests;

public sealed class OutcomeForwarderTests : IAsyncLifetime
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(CallOutcome).Assembly)).BuildServiceProvider();
    private readonly JobStoreDouble _store = new();
    private readonly AggregationDouble _aggregation = new();
    private OutcomeForwarder? _forwarder;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_forwarder is not null)
        {
            await _forwarder.DisposeAsync();
        }

        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Forwarder_CompletedFailedAndCancelled_PersistsTheFirstTwoThenReportsAll()
    {
        var forwarder = Create();
        forwarder.Add("j", Outcome("q1", CallStatus.Completed));
        forwarder.Add("j", Outcome("q2", CallStatus.Failed));
        forwarder.Add("j", Outcome("q3", CallStatus.Cancelled));
        forwarder.Add("j", Outcome("q4", CallStatus.Completed, slot: CallKey.AggregatorSlot));

        await Task.WhenAll(_aggregation.OutcomeOf(Key("q1")), _aggregation.OutcomeOf(Key("q3")), _aggregation.OutcomeOf(CallKey.Aggregator("q4")));

        var stored = await _store.ReadOutputsAsync("j");
        Assert.Equal([("q1", 0), ("q2", 0), ("q4", -1)], stored.Select(s => (s.QuestionId, s.Slot)).Order());
        var serializer = _services.GetRequiredService<Serializer>();
        Assert.Equal(Outcome("q2", CallStatus.Failed), serializer.Deserialize<CallOutcome>(stored.Single(s => s.QuestionId == "q2").Payload));
        Assert.Equal(1, _aggregation.Reports);
    }

    [Fact]
    public async Task Forwarder_TransientReportErrors_AreRetriedUntilDelivered()
    {
        var failures = 3;
        _aggregation.FailWith = () => failures-- > 0 ? new SiloUnavailableException("aggregation silo gone (test)") : null;
        var forwarder = Create();

        forwarder.Add("j", Outcome("q1", CallStatus.Completed));

        Assert.Equal(CallStatus.Completed, (await _aggregation.OutcomeOf(Key("q1"))).Status);
        Assert.Equal(0, forwarder.DroppedReports);
    }

    [Fact]
    public async Task Forwarder_ReportErrorThatIsNotOrleansOwn_IsRetriedUntilDelivered()
    {
        // What a job's aggregation grain threw while PostgreSQL restarted (its own error could not cross the wire). Until
        // 2026-12-06 such a report was dropped at once and the job waited for its outcomes for good.
        var failures = 3;
        _aggregation.FailWith = () => failures-- > 0 ? new CodecNotFoundException("Could not find a codec for type Npgsql.NpgsqlException.") : null;
        var forwarder = Create();

        forwarder.Add("j", Outcome("q1", CallStatus.Completed));

        Assert.Equal(CallStatus.Completed, (await _aggregation.OutcomeOf(Key("q1"))).Status);
        Assert.Equal(0, forwarder.DroppedReports);
        Assert.Single(await _store.ReadOutputsAsync("j"));
    }

    [Fact]
    public async Task Forwarder_AggregationUnreachableForMinutes_KeepsTheReportAndDeliversItOnceItAnswers()
    {
        var time = new FakeTimeProvider();
        var down = true;
        var attempts = 0;
        _aggregation.FailWith = () =>
        {
            Interlocked.Increment(ref attempts);
            return Volatile.Read(ref down) ? new TimeoutException("aggregation silo gone (test)") : null;
        };
        var forwarder = Create(time: time);

        forwarder.Add("j", Outcome("q1", CallStatus.Completed));
        // 300 attempts at most 2 s apart: about ten minutes of the fake clock (the old deadline was 30 s).
        for (var step = 0; step < 100_000 && Volatile.Read(ref attempts) < 300; step++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        Assert.True(Volatile.Read(ref attempts) >= 300, $"{attempts} attempts");
        Assert.Equal(0, forwarder.DroppedReports);
        Volatile.Write(ref down, false);
        var delivered = _aggregation.OutcomeOf(Key("q1"));
        while (!delivered.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(delivered, Task.Delay(5));
        }

        Assert.Equal(0, forwarder.DroppedReports);
        Assert.Single(_aggregation.Outcomes);
    }

    [Fact]
    public async Task Forwarder_StoreBrieflyDown_RetriesTheWriteBeforeReporting()
    {
        _store.FailNextWrites = 2;
        var forwarder = Create();

        forwarder.Add("j", Outcome("q1", CallStatus.Completed));

        await _aggregation.OutcomeOf(Key("q1"));
        Assert.Single(await _store.ReadOutputsAsync("j"));
        Assert.Equal(1, forwarder.Persisted);
    }

    [Fact]
    public async Task Forwarder_FullBatch_FlushesWithoutWaitingForTheTimer()
    {
        var forwarder = Create(flushMilliseconds: 600_000);

        for (var i = 0; i < OutcomeForwarder.BatchSize; i++)
        {
            forwarder.Add("j", Outcome($"q{i}", CallStatus.Completed));
        }

        await _aggregation.OutcomeOf(Key($"q{OutcomeForwarder.BatchSize - 1}"));
        Assert.Equal(OutcomeForwarder.BatchSize, (await _store.ReadOutputsAsync("j")).Count);
        Assert.Equal(1, _store.Writes);
    }

    [Fact]
    public async Task Forwarder_SlowAggregation_KeepsOneReportInFlightAndSendsWhatWaitedAfterIt()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _aggregation.Hold = release.Task;
        var forwarder = Create(flushMilliseconds: 600_000);
        const int batches = 3;

        try
        {
            await AddFullBatchesAsync(forwarder, batches);

            await DeviceHarness.Until(() => _aggregation.InFlight > 0, "the first report arrived");
            await Task.Delay(100); // a report sent beside the held one would arrive in this time
            Assert.Equal(1, _aggregation.MaxInFlight);
        }
        finally
        {
            release.TrySetResult(); // else disposing the forwarder would wait for the held reports forever
        }

        await Task.WhenAll(Enumerable.Range(0, batches * OutcomeForwarder.BatchSize).Select(i => _aggregation.OutcomeOf(Key($"q{i}"))));
        Assert.Equal(1, _aggregation.MaxInFlight);
        Assert.Equal(batches * OutcomeForwarder.BatchSize, _aggregation.Outcomes.Count);
    }

    [Fact]
    public async Task Forwarder_DisposedWhileReportsQueueForAnUnreachableAggregation_GivesUpWithinOneShutdownDeadline()
    {
        _aggregation.FailWith = () => new SiloUnavailableException("aggregation silo gone (test)");
        var forwarder = Create(flushMilliseconds: 600_000);
        const int batches = 5;
        await AddFullBatchesAsync(forwarder, batches);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await forwarder.DisposeAsync();

        // One 5 s shutdown deadline for everything queued (plus one backoff), not one per queued report (16 s before).
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(12));
        Assert.Equal(batches, forwarder.DroppedReports);
        Assert.Equal(batches * OutcomeForwarder.BatchSize, (await _store.ReadOutputsAsync("j")).Count);
    }

    /// <summary>
    /// A job deleted while its calls ran (DELETE /v1/jobs/{id}): the store refuses its outputs for good. Until 2026-12-06
    /// the write was retried for ever and every later flush of the worker waited behind it, so no later job started on
    /// that worker (the gateway tests' shared cluster hung in CI, ci181 and ci182).
    /// </summary>
    [Fact]
    public async Task Forwarder_JobDeletedFromTheStore_GivesItsOutcomesUpAndServesOtherJobs()
    {
        _store.Deleted.Add("gone");
        var forwarder = Create(flushMilliseconds: 600_000);
        forwarder.Add("gone", Outcome("q1", CallStatus.Completed));
        forwarder.Add("j", Outcome("q2", CallStatus.Completed));

        await forwarder.FlushAsync("gone").WaitAsync(TimeSpan.FromSeconds(30));
        await forwarder.FlushAsync("j").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(await _store.ReadOutputsAsync("gone"));
        Assert.Single(await _store.ReadOutputsAsync("j"));
        Assert.Equal(1, forwarder.Persisted);
    }

    [Fact]
    public async Task Forwarder_FlushAsync_PersistsTheJobsOutcomesBeforeItReturns()
    {
        var forwarder = Create(flushMilliseconds: 600_000);
        forwarder.Add("j", Outcome("q1", CallStatus.Completed));
        forwarder.Add("other", Outcome("q2", CallStatus.Completed));

        await forwarder.FlushAsync("j");

        Assert.Single(await _store.ReadOutputsAsync("j"));
        Assert.Empty(await _store.ReadOutputsAsync("other"));
    }

    /// <summary>Adds <paramref name="batches"/> full batches of completed calls (q0, q1, …) to job "j", each persisted before the next.</summary>
    [Fact]
    public async Task Forwarder_Abandoned_DropsWhatItHadNotPersistedAndWritesNothingAfter()
    {
        var forwarder = Create(flushMilliseconds: 60_000);
        forwarder.Add("j", Outcome("q1", CallStatus.Completed));

        await forwarder.AbandonAsync();
        forwarder.Add("j", Outcome("q2", CallStatus.Completed));
        await forwarder.FlushAsync("j");
        await forwarder.DisposeAsync();

        Assert.Empty(await _store.ReadOutputsAsync("j"));
        Assert.Equal(0, forwarder.Persisted);
        Assert.Equal(0, _aggregation.Reports);
    }

    private static async Task AddFullBatchesAsync(OutcomeForwarder forwarder, int batches)
    {
        for (var batch = 1; batch <= batches; batch++)
        {
            for (var i = (batch - 1) * OutcomeForwarder.BatchSize; i < batch * OutcomeForwarder.BatchSize; i++)
            {
                forwarder.Add("j", Outcome($"q{i}", CallStatus.Completed));
            }

            await DeviceHarness.Until(() => forwarder.Persisted == batch * OutcomeForwarder.BatchSize, $"batch {batch} was persisted");
        }
    }

    private OutcomeForwarder Create(int flushMilliseconds = 5, TimeProvider? time = null)
    {
        var options = TestOptions.Emulated(o => o.OutcomeFlushMilliseconds = flushMilliseconds);
        _forwarder = new OutcomeForwarder(
            _store, _ => _aggregation, _services.GetRequiredService<Serializer>(), Microsoft.Extensions.Options.Options.Create(options),
            time ?? TimeProvider.System, NullLogger<OutcomeForwarder>.Instance);
        return _forwarder;
    }

    private static CallOutcome Outcome(string question, CallStatus status, int slot = 0) => new(
        new CallKey(question, slot), "x", "gpu0", 1, status,
        status == CallStatus.Completed ? new InferenceOutput("The answer is 42.", 10, 6, 0.5, Emulated: true) : null,
        status == CallStatus.Failed ? "boom" : null,
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
}
