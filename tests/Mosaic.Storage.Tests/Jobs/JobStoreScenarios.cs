using Mosaic.Storage.Jobs;
using static Mosaic.Storage.Tests.Jobs.JobData;

namespace Mosaic.Storage.Tests.Jobs;

/// <summary>The job store checks, run against every implementation (memory, SQLite, PostgreSQL). Each scenario gets a
/// store whose service id no other test uses.</summary>
internal static class JobStoreScenarios
{
    public static async Task CreateOnceAsync(IJobStore store)
    {
        var job = NewJobId();

        Assert.True(await store.TryCreateJobAsync(job, Bytes("first spec")));
        Assert.False(await store.TryCreateJobAsync(job, Bytes("second spec")));

        Assert.Equal("first spec", Text((await store.ReadSpecAsync(job))!));
    }

    public static async Task SpecRoundTripAsync(IJobStore store)
    {
        var everyByte = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        var large = new byte[1 << 20];
        new Random(7).NextBytes(large);
        var (a, b, empty) = (NewJobId(), NewJobId(), NewJobId());

        await store.TryCreateJobAsync(a, everyByte);
        await store.TryCreateJobAsync(b, large.AsMemory());
        await store.TryCreateJobAsync(empty, ReadOnlyMemory<byte>.Empty);

        Assert.Equal(everyByte, await store.ReadSpecAsync(a));
        Assert.Equal(large, await store.ReadSpecAsync(b));
        Assert.Empty((await store.ReadSpecAsync(empty))!);
        Assert.Null(await store.ReadSpecAsync(NewJobId()));
    }

    public static async Task OutputsFirstPayloadWinsAsync(IJobStore store)
    {
        var job = await CreateAsync(store);

        await store.SaveOutputsAsync(job, [Output("q1", 0, "first"), Output("q1", 1, "aggregator")]);
        await store.SaveOutputsAsync(job, [Output("q1", 0, "recomputed")]);
        await store.SaveOutputsAsync(job, [Output("q1", 0, "again"), Output("q1", 0, "and again"), Output("q2", 0, "new")]);

        // A write retried after a failure that may have landed: the same payloads again are no new completions.
        await store.SaveOutputsAsync(job, [Output("q1", 0, "first"), Output("q2", 0, "new"), Output("q2", 0, "new")]);

        var outputs = await store.ReadOutputsAsync(job);
        Assert.Equal(
            [("q1", 0, "first", 4), ("q1", 1, "aggregator", 1), ("q2", 0, "new", 1)],
            outputs.Select(o => (o.QuestionId, o.Slot, Text(o.Payload), o.Completions)));
        Assert.Equal(3, await store.CountRepeatedCompletionsAsync(job));
    }

    public static async Task OutputsOrderAndEmptyAsync(IJobStore store)
    {
        var job = await CreateAsync(store);
        Assert.Empty(await store.ReadOutputsAsync(job));
        Assert.Equal(0, await store.CountRepeatedCompletionsAsync(job));

        // The Completions value passed in is ignored: each element is one completion.
        await store.SaveOutputsAsync(job, [Output("q2", 1, "c") with { Completions = 9 }, Output("Q1", 0, "a"), Output("q10", 0, "b"), Output("q2", 0, "d")]);
        await store.SaveOutputsAsync(job, []);

        var outputs = await store.ReadOutputsAsync(job);
        Assert.Equal([("Q1", 0), ("q10", 0), ("q2", 0), ("q2", 1)], outputs.Select(o => (o.QuestionId, o.Slot)));
        Assert.All(outputs, o => Assert.Equal(1, o.Completions));
        Assert.Equal(0, await store.CountRepeatedCompletionsAsync(job));
        Assert.Empty(await store.ReadOutputsAsync(NewJobId()));
    }

    public static async Task ResultsInsertOnceAndPageInOrderAsync(IJobStore store)
    {
        var job = await CreateAsync(store);
        var first = new[] { 5, 1, 3, 0, 8 }.Select(i => Result(i, "first")).ToArray();

        await store.SaveResultsAsync(job, first);
        await store.SaveResultsAsync(job, [Result(3, "second"), Result(2, "second"), Result(2, "third")]);

        var expected = first.Append(Result(2, "second")).OrderBy(r => r.QuestionIndex).ToArray();
        var all = await store.ReadResultsAsync(job, 0, 100);
        Assert.Equal(expected.Length, all.Count);
        foreach (var (want, got) in expected.Zip(all))
        {
            AssertStored(want, got);
        }

        Assert.Equal([0, 1], (await store.ReadResultsAsync(job, 0, 2)).Select(r => r.QuestionIndex));
        Assert.Equal([2, 3], (await store.ReadResultsAsync(job, 2, 2)).Select(r => r.QuestionIndex));
        Assert.Equal([5, 8], (await store.ReadResultsAsync(job, 4, 2)).Select(r => r.QuestionIndex));
        Assert.Equal([8], (await store.ReadResultsAsync(job, 6, 10)).Select(r => r.QuestionIndex));
        Assert.Empty(await store.ReadResultsAsync(job, 9, 10));
        Assert.Empty(await store.ReadResultsAsync(job, 0, 0));
        Assert.Empty(await store.ReadResultsAsync(NewJobId(), 0, 10));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ReadResultsAsync(job, -1, 10));
    }

    public static async Task AnsweredIndexesAsync(IJobStore store)
    {
        var job = await CreateAsync(store);
        Assert.Empty(await store.ReadAnsweredIndexesAsync(job));

        await store.SaveResultsAsync(job, new[] { 40, 7, 19, 0, 7 }.Select(i => Result(i)).ToArray());

        Assert.Equal([0, 7, 19, 40], await store.ReadAnsweredIndexesAsync(job));
        Assert.Empty(await store.ReadAnsweredIndexesAsync(NewJobId()));
    }

    public static async Task TotalsAsync(IJobStore store)
    {
        var job = await CreateAsync(store);
        Assert.Equal(ResultTotals.Empty, await store.ReadTotalsAsync(job));
        Assert.Equal(ResultTotals.Empty, await store.ReadTotalsAsync(NewJobId()));

        await store.SaveResultsAsync(job,
        [
            Result(0, summary: Summary(correct: true, aggregator: true, cancelled: 2, expertsSeconds: 30, completedSeconds: 31)),
            Result(1, summary: Summary(correct: false, failed: 1, trimmed: true, expertsSeconds: 10, completedSeconds: 50)),
        ]);
        await store.SaveResultsAsync(job,
        [
            Result(2, summary: Summary(correct: null, aggregator: true, cancelled: 1, failed: 2, expertsSeconds: 20, completedSeconds: 21)),
            Result(3, summary: Summary(correct: false, failed: 3, unanswered: true, expertsSeconds: 5, completedSeconds: 6)),

            // Already stored: must not be counted again.
            Result(1, summary: Summary(correct: true, aggregator: true, cancelled: 100, failed: 100, trimmed: true, unanswered: true, expertsSeconds: 999, completedSeconds: 999)),
        ]);

        var totals = await store.ReadTotalsAsync(job);
        Assert.Equal((4, 1, 3, 2, 3, 6, 1, 1), (totals.Answered, totals.Correct, totals.WithGold, totals.AggregatorCalls,
            totals.CancelledCalls, totals.FailedCalls, totals.TrimmedPrompts, totals.Unanswered));
        Assert.Equal([false, false, false, true], (await store.ReadResultsAsync(job, 0, int.MaxValue)).Select(r => r.Summary.Unanswered));
        AssertInstant(Stored(Start.AddSeconds(30)), totals.LastExpertsDoneAt);
        AssertInstant(Stored(Start.AddSeconds(50)), totals.LastCompletedAt);
        Assert.Equal(Recount(await store.ReadResultsAsync(job, 0, int.MaxValue)), totals);
    }

    public static async Task RegistryAsync(IJobStore store)
    {
        var (a, b, c) = ("job-a", "job-b", "job-c");
        foreach (var job in new[] { c, a, b })
        {
            await store.TryCreateJobAsync(job, Bytes("spec"));
        }

        Assert.Empty(await store.ListRunningJobsAsync());

        await store.SetRunningAsync(c, true);
        await store.SetRunningAsync(a, true);
        await store.SetRunningAsync(b, true);
        await store.SetRunningAsync(b, true);
        Assert.Equal([a, b, c], await store.ListRunningJobsAsync());

        await store.SetRunningAsync(b, false);
        await store.SetRunningAsync("never-created", true);
        Assert.Equal([a, c], await store.ListRunningJobsAsync());
        Assert.Null(await store.ReadSpecAsync("never-created"));

        await store.DeleteJobAsync(c);
        await store.SetRunningAsync(c, true);
        Assert.Equal([a], await store.ListRunningJobsAsync());
    }

    public static async Task ExpiryAsync(IJobStore store)
    {
        var (a, b, c) = (NewJobId(), NewJobId(), NewJobId());
        foreach (var job in new[] { a, b, c })
        {
            await store.TryCreateJobAsync(job, Bytes("spec"));
        }

        var at = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
        async Task<string[]> Expired(DateTimeOffset now) => [.. (await store.ListExpiredJobsAsync(now, 10_000)).Intersect([a, b, c])];

        await store.SetExpiryAsync(b, at.AddSeconds(20));
        await store.SetExpiryAsync(a, at.AddSeconds(10));
        await store.SetExpiryAsync("never-created", at);
        Assert.Empty(await Expired(at.AddSeconds(9.999)));
        Assert.Equal([a], await Expired(at.AddSeconds(10)));
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), await Expired(at.AddSeconds(60)));
        Assert.Single(await store.ListExpiredJobsAsync(at.AddSeconds(60), 1));

        await store.DeleteJobAsync(a);
        Assert.Equal([b], await Expired(at.AddSeconds(60)));
        Assert.Null(await store.ReadSpecAsync("never-created"));
    }

    public static async Task DeleteAsync(IJobStore store)
    {
        var (job, other) = (await CreateAsync(store), await CreateAsync(store));
        foreach (var id in new[] { job, other })
        {
            await store.SetRunningAsync(id, true);
            await store.SaveOutputsAsync(id, [Output("q0", 0, "x"), Output("q0", 0, "y")]);
            await store.SaveResultsAsync(id, [Result(0)]);
        }

        await store.DeleteJobAsync(job);
        await store.DeleteJobAsync(job);
        await store.DeleteJobAsync(NewJobId());

        Assert.Null(await store.ReadSpecAsync(job));
        Assert.Equal([other], await store.ListRunningJobsAsync());
        Assert.Empty(await store.ReadOutputsAsync(job));
        Assert.Equal(0, await store.CountRepeatedCompletionsAsync(job));
        Assert.Empty(await store.ReadResultsAsync(job, 0, 10));
        Assert.Empty(await store.ReadAnsweredIndexesAsync(job));
        Assert.Equal(ResultTotals.Empty, await store.ReadTotalsAsync(job));

        // The other job is untouched.
        Assert.Single(await store.ReadOutputsAsync(other));
        Assert.Equal(1, (await store.ReadTotalsAsync(other)).Answered);

        // Late writes for the deleted job fail instead of leaving orphan rows; a new job with the same id starts empty.
        var output = await Assert.ThrowsAsync<KeyNotFoundException>(() => store.SaveOutputsAsync(job, [Output("q1", 0, "late")]));
        Assert.Contains(job, output.Message);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.SaveResultsAsync(job, [Result(1)]));
        Assert.True(await store.TryCreateJobAsync(job, Bytes("again")));
        Assert.Empty(await store.ReadOutputsAsync(job));
        Assert.Equal(ResultTotals.Empty, await store.ReadTotalsAsync(job));
    }

    public static async Task WritesToMissingJobThrowAsync(IJobStore store)
    {
        var missing = NewJobId();
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.SaveOutputsAsync(missing, [Output("q", 0, "x")]));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.SaveResultsAsync(missing, [Result(0)]));

        // Nothing to write: no error and no row.
        await store.SaveOutputsAsync(missing, []);
        await store.SaveResultsAsync(missing, []);
        Assert.Null(await store.ReadSpecAsync(missing));
    }

    public static async Task BadArgumentsAsync(IJobStore store)
    {
        var job = await CreateAsync(store);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TryCreateJobAsync(" ", Bytes("x")));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ReadSpecAsync(null!));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TryCreateJobAsync(new string('j', 257), Bytes("x")));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.SaveOutputsAsync(job, [Output(new string('q', 257), 0, "x")]));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.SaveResultsAsync(job, [Result(-1)]));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.SaveResultsAsync(job, [Result(0, summary: Summary(cancelled: -1))]));
        Assert.Empty(await store.ReadResultsAsync(job, 0, 10));
        Assert.True(await store.TryCreateJobAsync(new string('j', 256), Bytes("x")));
    }

    /// <summary>Two stores on the same database with different service ids never see each other's jobs.</summary>
    public static async Task ServiceIdsAreSeparateAsync(IJobStore store, IJobStore otherService)
    {
        var job = NewJobId();
        Assert.True(await store.TryCreateJobAsync(job, Bytes("mine")));
        Assert.True(await otherService.TryCreateJobAsync(job, Bytes("theirs")));
        await store.SetRunningAsync(job, true);
        await store.SaveResultsAsync(job, [Result(0)]);

        Assert.Equal("theirs", Text((await otherService.ReadSpecAsync(job))!));
        Assert.Empty(await otherService.ListRunningJobsAsync());
        Assert.Equal(0, (await otherService.ReadTotalsAsync(job)).Answered);

        await otherService.DeleteJobAsync(job);
        Assert.Equal("mine", Text((await store.ReadSpecAsync(job))!));
    }

    /// <summary>Many writers of the same keys at once: every completion is counted once, every result stored once.</summary>
    public static async Task ConcurrentWritersAsync(IJobStore store)
    {
        const int Writers = 8;
        const int Rounds = 12;
        const int Keys = 10;
        const int Questions = 40;
        var job = await CreateAsync(store);

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            for (var round = 0; round < Rounds; round++)
            {
                var outputs = Enumerable.Range(0, Keys).Select(k => Output($"q{k}", k % 3, $"writer {writer} round {round}")).ToArray();
                random.Shuffle(outputs);
                await store.SaveOutputsAsync(job, outputs);

                var results = Enumerable.Range(0, Questions).Select(i => Result(i, $"writer {writer}")).ToArray();
                random.Shuffle(results);
                await store.SaveResultsAsync(job, results[..(Questions / 2 + round)]);
            }
        })));

        var stored = await store.ReadOutputsAsync(job);
        Assert.Equal(Keys, stored.Count);
        Assert.All(stored, o => Assert.Equal(Writers * Rounds, o.Completions));
        Assert.All(stored, o => Assert.StartsWith("writer ", Text(o.Payload)));
        Assert.Equal(Keys * ((Writers * Rounds) - 1), await store.CountRepeatedCompletionsAsync(job));

        var answered = await store.ReadAnsweredIndexesAsync(job);
        var results = await store.ReadResultsAsync(job, 0, int.MaxValue);
        Assert.Equal(answered, results.Select(r => r.QuestionIndex));
        Assert.Equal(answered.Count, (await store.ReadTotalsAsync(job)).Answered);
        Assert.Equal(Recount(results), await store.ReadTotalsAsync(job));
    }

    public static async Task<string> CreateAsync(IJobStore store)
    {
        var job = NewJobId();
        Assert.True(await store.TryCreateJobAsync(job, Bytes($"spec of {job}")));
        return job;
    }

    private static ResultTotals Recount(IEnumerable<StoredResult> results) => new(
        results.Count(),
        results.Count(r => r.Summary.Correct == true),
        results.Count(r => r.Summary.Correct.HasValue),
        results.Count(r => r.Summary.AggregatorCalled),
        results.Sum(r => r.Summary.CancelledCalls),
        results.Sum(r => r.Summary.FailedCalls),
        results.Count(r => r.Summary.PromptTrimmed),
        results.Any() ? results.Max(r => r.Summary.ExpertsDoneAt) : null,
        results.Any() ? results.Max(r => r.Summary.CompletedAt) : null,
        results.Count(r => r.Summary.Unanswered));
}
