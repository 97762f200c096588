using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Gating;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Jobs;
using Mosaic.Abstractions.Results;
using Orleans.Storage;
using Mosaic.Storage.Jobs;

namespace Mosaic.Integration.Tests;

[Collection(EmulatedClusterCollection.Name)]
public sealed class EmulatedJobTests(EmulatedClusterFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Job_300Questions_EveryQuestionAnsweredOnce()
    {
        var spec = TestWorkloads.MultipleChoice(300, seed: 1);

        var id = await fixture.Client.SubmitAsync(spec);
        var report = await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(JobTimeout).Token);
        var results = await fixture.Client.GetResultsAsync(id);

        Assert.Equal(JobStatus.Completed, report.Status);
        Assert.Equal("emulated", report.Backend);
        Assert.Equal(300, report.Answered);
        Assert.Equal(spec.Questions.Select(q => q.Id), results.Select(r => r.QuestionId));
        Assert.All(results, r => Assert.NotNull(r.FinalAnswer));
        // Every slot either answered or was cancelled by an early decision that the report counts.
        var calls = results.SelectMany(r => r.ExpertCalls).ToArray();
        Assert.All(calls, c => Assert.Contains(c.Status, new[] { CallStatus.Completed, CallStatus.Cancelled }));
        Assert.All(calls.Where(c => c.Status == CallStatus.Completed), c => Assert.True(c.Emulated && c.Text is not null && c.OutputTokens > 0));
        Assert.Equal(report.CancelledExpertCalls, calls.Count(c => c.Status == CallStatus.Cancelled));
        Assert.All(results, r => Assert.True(r.ExpertCalls.Count(c => c.Status == CallStatus.Completed) >= 2, $"{r.QuestionId}: fewer than two answers"));
        Assert.Equal(results.Count(r => r.AggregatorCall is not null), report.AggregatorCalls);
        Assert.All(results.Where(r => r.AggregatorCall is not null), r => Assert.Equal(CallStatus.Completed, r.AggregatorCall!.Status));
        Assert.InRange(report.Accuracy!.Value, 0.5, 1.0);
        Assert.True(report.PlannedMakespanSeconds >= report.LowerBoundSeconds);
    }

    [Theory]
    [InlineData(1.0, true)]
    [InlineData(2.0 / 3.0, true)]
    [InlineData(2.0 / 3.0, false)]
    public async Task Gate_SkipsEqualTheLibraryDecisionsForTheSameAnswers(double threshold, bool early)
    {
        var gate = new GateSpec(GateRule.VoteFraction, threshold, SameExpertPolicy.CountEverySlot, early);
        var spec = TestWorkloads.MultipleChoice(120, seed: 2, gate);

        var id = await fixture.Client.SubmitAsync(spec);
        await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(JobTimeout).Token);
        var results = await fixture.Client.GetResultsAsync(id);

        var settings = JobValidator.Settings(gate);
        foreach (var result in results)
        {
            var answers = result.ExpertCalls.Select(c => new ExpertAnswer(c.Expert, c.Answer)).ToArray();
            var library = ConfidenceGate.Decide(answers, settings);
            Assert.Equal(library.SkipsAggregator, result.Gate.SkippedAggregator);
            Assert.Equal(library.SkipsAggregator, result.AggregatorCall is null);
            if (library.SkipsAggregator)
            {
                Assert.Equal(library.Answer, result.FinalAnswer);
            }
        }

        var cancelled = results.Sum(r => r.ExpertCalls.Count(c => c.Status == CallStatus.Cancelled));
        if (!early)
        {
            Assert.Equal(0, cancelled);
        }
        else if (threshold < 1)
        {
            Assert.True(cancelled > 0, "two agreeing answers should cancel the third call");
        }
    }

    [Fact]
    public async Task FullAggregationWithABarrier_AggregatesEveryQuestionOnlyAfterTheExpertStage()
    {
        var spec = TestWorkloads.MultipleChoice(80, seed: 8) with { Gate = GateSpec.Off, OverlapStages = false };

        var id = await fixture.Client.SubmitAsync(spec);
        var report = await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(JobTimeout).Token);
        var results = await fixture.Client.GetResultsAsync(id);

        Assert.Equal(80, report.AggregatorCalls);
        Assert.All(results, r => Assert.False(r.Gate.SkippedAggregator));
        var expertStageEnd = results.Max(r => r.ExpertsDoneAt);
        Assert.All(results, r => Assert.True(r.CompletedAt >= expertStageEnd));
        Assert.True(report.AggregationTailSeconds > 0);
    }

    [Theory]
    [InlineData(JobPriority.Interactive, true)]
    [InlineData(JobPriority.Batch, false)]
    public async Task QuestionAskedWhileABatchJobRuns_IsAnsweredBeforeTheBatchsExpertStageEndsOnlyIfInteractive(JobPriority priority, bool beforeTheBatch)
    {
        var batch = TestWorkloads.MultipleChoice(800, seed: 21) with { Priority = JobPriority.Batch };
        var question = TestWorkloads.MultipleChoice(1, seed: 22) with { Priority = priority };

        var batchId = await fixture.Client.SubmitAsync(batch);
        using var timeout = new CancellationTokenSource(JobTimeout);
        while (!(await fixture.Client.GetTimelineAsync(batchId)).Any(e => e.Kind == TimelineKind.ExpertSession))
        {
            await Task.Delay(50, timeout.Token);
        }

        var asked = DateTimeOffset.UtcNow;
        var questionId = await fixture.Client.SubmitAsync(question);
        var answered = await fixture.Client.WaitForCompletionAsync(questionId, timeout.Token);
        var answeredAt = (await fixture.Client.GetResultsAsync(questionId)).Single().CompletedAt;
        var batchReport = await fixture.Client.WaitForCompletionAsync(batchId, timeout.Token);
        var batchExpertStageEnd = (await fixture.Client.GetTimelineAsync(batchId)).Where(e => e.Kind == TimelineKind.ExpertSession).Max(e => e.End);

        Assert.Equal((JobStatus.Completed, JobStatus.Completed), (answered.Status, batchReport.Status));
        Assert.True((answeredAt < batchExpertStageEnd) == beforeTheBatch,
            $"asked {asked:HH:mm:ss.fff}, answered {answeredAt:HH:mm:ss.fff}, the batch's expert stage ended {batchExpertStageEnd:HH:mm:ss.fff}");
    }

    [Fact]
    public async Task JobWithARetention_IsDeletedByTheClusterThatLongAfterItEnded_OthersAreKept()
    {
        var brief = await fixture.Client.SubmitAsync(TestWorkloads.MultipleChoice(5, seed: 31) with { Retention = TimeSpan.FromSeconds(1) });
        var kept = await fixture.Client.SubmitAsync(TestWorkloads.MultipleChoice(5, seed: 32));
        using var timeout = new CancellationTokenSource(JobTimeout);
        var report = await fixture.Client.WaitForCompletionAsync(brief, timeout.Token);
        await fixture.Client.WaitForCompletionAsync(kept, timeout.Token);

        Assert.Equal((JobStatus.Completed, TimeSpan.FromSeconds(1)), (report.Status, report.Retention));
        // No client deletes it: the silos' scan does, once its time has come.
        while (await fixture.Client.GetReportAsync(brief) is not null)
        {
            await Task.Delay(200, timeout.Token);
        }

        var store = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.GetActiveSilos().First().SiloAddress).GetRequiredService<IJobStore>();
        Assert.Empty(await store.ReadResultsAsync(brief, 0, 1000));
        await Assert.ThrowsAsync<Mosaic.Client.JobNotFoundException>(() => fixture.Client.GetResultsAsync(brief));
        Assert.Equal(5, (await fixture.Client.GetResultsAsync(kept)).Count);
        Assert.Null((await fixture.Client.GetReportAsync(kept))!.Retention);
    }

    [Fact]
    public async Task Timeline_CollectsEveryWorkersLoadsAndSessionsOfTheJob()
    {
        var spec = TestWorkloads.MultipleChoice(100, seed: 11) with { Gate = GateSpec.Off };

        var id = await fixture.Client.SubmitAsync(spec);
        var report = await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(JobTimeout).Token);
        var timeline = await fixture.Client.GetTimelineAsync(id);
        var plan = (await fixture.Client.GetPlanAsync(id))!;

        Assert.Equal(JobStatus.Completed, report.Status);
        Assert.Equal(timeline.OrderBy(e => e.Start), timeline);
        Assert.All(timeline, e => Assert.True(e.End >= e.Start));
        var planned = plan.Workers.Where(w => w.Sessions.Count > 0).Select(w => w.Worker).Order().ToArray();
        Assert.Equal(planned, timeline.Where(e => e.Kind == TimelineKind.ExpertSession).Select(e => e.Worker).Distinct().Order().ToArray());
        Assert.Equal(spec.Questions.Sum(q => q.Experts.Count), timeline.Where(e => e.Kind == TimelineKind.ExpertSession).Sum(e => e.Calls));
        Assert.Equal(100, timeline.Where(e => e.Kind == TimelineKind.AggregatorSession).Sum(e => e.Calls));
        await Assert.ThrowsAsync<Mosaic.Client.JobNotFoundException>(() => fixture.Client.GetTimelineAsync("never-submitted"));
    }

    [Fact]
    public async Task SharedRepeatedCalls_RunOneCallPerQuestionAndExpert_AndEveryRepeatTakesItsAnswer()
    {
        var workload = TestWorkloads.MultipleChoice(100, seed: 12);
        var spec = workload with
        {
            Gate = GateSpec.Off,
            ShareRepeatedCalls = true,
            Questions = workload.Questions.Select(q => q with { Experts = [q.Experts[0], q.Experts[1], q.Experts[0]] }).ToArray(),
        };

        var id = await fixture.Client.SubmitAsync(spec);
        var report = await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(JobTimeout).Token);
        var results = await fixture.Client.GetResultsAsync(id);
        var timeline = await fixture.Client.GetTimelineAsync(id);
        var plan = (await fixture.Client.GetPlanAsync(id))!;

        Assert.Equal(JobStatus.Completed, report.Status);
        var distinct = spec.Questions.Sum(q => q.Experts.Distinct().Count());
        Assert.True(distinct < 300, "the workload should repeat an expert within some question");
        Assert.Equal(distinct, plan.Workers.SelectMany(w => w.Sessions).Sum(s => s.Calls));
        Assert.Equal(distinct, timeline.Where(e => e.Kind == TimelineKind.ExpertSession).Sum(e => e.Calls));
        foreach (var (question, result) in spec.Questions.Zip(results))
        {
            var calls = result.ExpertCalls;
            var repeated = question.Experts[1] == question.Experts[0];
            Assert.Equal(repeated ? new int?[] { null, 0, 0 } : new int?[] { null, null, 0 }, calls.Select(c => c.SharedFromSlot));
            Assert.All(calls, c => Assert.Equal(CallStatus.Completed, c.Status));
            Assert.Equal((calls[0].Text, calls[0].Answer, calls[0].Worker), (calls[2].Text, calls[2].Answer, calls[2].Worker));
        }
    }

    [Fact]
    public async Task SharedRepeatedCalls_AnEarlyDecisionCancelsARepeatWithItsLeader_AndCountsOneCall()
    {
        // Five slots, the last two one expert: three agreeing answers settle a vote of 1/2 early (the pair cannot
        // outvote them) and cancel the pair.
        var workload = TestWorkloads.MultipleChoice(120, seed: 13, new GateSpec(GateRule.VoteFraction, 0.5, SameExpertPolicy.CountEverySlot, EarlyDecisions: true));
        var spec = workload with
        {
            ShareRepeatedCalls = true,
            Questions = workload.Questions.Select((q, i) => q with { Experts = ["Gemma", "Qwen", i % 2 == 0 ? "Exaone" : "GLM", "LlamaR1", "LlamaR1"] }).ToArray(),
        };

        var id = await fixture.Client.SubmitAsync(spec);
        var report = await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(JobTimeout).Token);
        var results = await fixture.Client.GetResultsAsync(id);

        Assert.Equal(JobStatus.Completed, report.Status);
        var pairsCancelled = results.Where(r => r.ExpertCalls[3].Status == CallStatus.Cancelled).ToArray();
        Assert.NotEmpty(pairsCancelled);
        Assert.All(pairsCancelled, r => Assert.Equal((CallStatus.Cancelled, (int?)3), (r.ExpertCalls[4].Status, r.ExpertCalls[4].SharedFromSlot)));
        Assert.All(results, r => Assert.Equal(3, r.ExpertCalls[4].SharedFromSlot));
        Assert.Equal(results.Sum(r => r.ExpertCalls.Count(c => c is { Status: CallStatus.Cancelled, SharedFromSlot: null })), report.CancelledExpertCalls);
    }

    [Fact]
    public async Task MoreSlotsThanThePapersThree_EveryCallIsAnswered()
    {
        // A pool without a router sends each question to every expert; the emulator's calibration has three slots.
        var workload = TestWorkloads.MultipleChoice(60, seed: 14);
        var spec = workload with
        {
            Gate = GateSpec.Off,
            Questions = workload.Questions.Select(q => q with { Experts = ["Gemma", "Qwen", "Exaone", "GLM", "LlamaR1"] }).ToArray(),
        };

        var id = await fixture.Client.SubmitAsync(spec);
        var report = await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(JobTimeout).Token);
        var results = await fixture.Client.GetResultsAsync(id);

        Assert.Equal(JobStatus.Completed, report.Status);
        Assert.All(results, r => Assert.All(r.ExpertCalls, c => Assert.Equal(CallStatus.Completed, c.Status)));
        Assert.All(results, r => Assert.Equal(5, r.ExpertCalls.Count(c => c.Answer is not null)));
    }

    [Fact]
    public async Task Router_RoutesQuestionsThatComeWithoutExperts()
    {
        var strong = new Dictionary<string, double> { ["math"] = 0.95, ["bio"] = 0.2 };
        var weak = new Dictionary<string, double> { ["math"] = 0.2, ["bio"] = 0.9 };
        var accuracy = TestProfiles.Pool.ToDictionary(
            e => e, e => (IReadOnlyDictionary<string, double>)(e.EndsWith("R1", StringComparison.Ordinal) ? strong : weak));
        var spec = TestWorkloads.MultipleChoice(90, seed: 9) is var s
            ? s with
            {
                Questions = s.Questions.Select((q, i) => q with { Experts = [], Skill = i % 3 == 0 ? "bio" : "math" }).ToArray(),
                Router = new RouterSpec(accuracy, K: 3, Seed: 4),
            }
            : throw new InvalidOperationException();

        var id = await fixture.Client.SubmitAsync(spec);
        await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(JobTimeout).Token);
        var results = await fixture.Client.GetResultsAsync(id);

        Assert.Equal(90, results.Count);
        Assert.All(results, r => Assert.Equal(3, r.ExpertCalls.Count));
        var math = results.Where((_, i) => i % 3 != 0).SelectMany(r => r.ExpertCalls).ToArray();
        Assert.True(math.Count(c => c.Expert.EndsWith("R1", StringComparison.Ordinal)) > math.Length / 2, "math questions should go mostly to the strong reasoning experts");
    }

    [Fact]
    public async Task Forecast_WithTheRoutersAccuracies_PricesTheEarlyDecisionsAndWithoutThemIsThePlan()
    {
        var accuracy = TestProfiles.Pool.ToDictionary(e => e, _ => (IReadOnlyDictionary<string, double>)new Dictionary<string, double> { ["math"] = 0.8 });
        var routed = TestWorkloads.MultipleChoice(120, seed: 5) is var s
            ? s with { Questions = s.Questions.Select(q => q with { Skill = "math" }).ToArray() }
            : throw new InvalidOperationException();

        var priced = await RunAsync(routed with { Router = new RouterSpec(accuracy) });
        var unpriced = await RunAsync(routed);

        Assert.InRange(priced.ForecastCancelledCalls, 1, 120);
        Assert.True(priced.ForecastExpertStageSeconds < priced.PlannedMakespanSeconds, $"{priced.ForecastExpertStageSeconds} against {priced.PlannedMakespanSeconds}");
        Assert.True(priced.CancelledExpertCalls > 0, "the gate should have cancelled calls the forecast priced");
        Assert.Equal(unpriced.PlannedMakespanSeconds, unpriced.ForecastExpertStageSeconds);
        Assert.Equal(0, unpriced.ForecastCancelledCalls);

        async Task<JobReport> RunAsync(JobSpec spec) =>
            await fixture.Client.WaitForCompletionAsync(await fixture.Client.SubmitAsync(spec), new CancellationTokenSource(JobTimeout).Token);
    }

    [Fact]
    public async Task Placement_EveryExpertGrainActivatesOnTheSiloThePlanNames()
    {
        var spec = TestWorkloads.MultipleChoice(60, seed: 3);

        var id = await fixture.Client.SubmitAsync(spec);
        await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(JobTimeout).Token);
        var results = await fixture.Client.GetResultsAsync(id);

        var management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
        var statistics = await management.GetDetailedGrainStatistics();
        var completed = results.SelectMany(r => r.ExpertCalls.Append(r.AggregatorCall)).Where(c => c is { Status: CallStatus.Completed }).ToArray();
        Assert.True(completed.Length >= 2 * 60, $"only {completed.Length} calls completed");
        var replicas = completed.Select(c => $"{c!.Expert}@{c.Worker}").Distinct().ToArray();
        Assert.True(replicas.Length >= 4, $"only {replicas.Length} replicas served calls");
        foreach (var replica in replicas)
        {
            var activation = Assert.Single(statistics, s => s.GrainId.Type.ToString() == "mosaic.expert" && s.GrainId.Key.ToString() == replica);
            var siloWorker = fixture.Cluster.GetSiloServiceProvider(activation.SiloAddress).GetRequiredService<IOptions<MosaicGrainsOptions>>().Value.Worker;
            Assert.Equal(replica[(replica.IndexOf('@') + 1)..], siloWorker);
        }
    }

    [Fact]
    public async Task Cancel_StopsTheJobAndItsGenerations()
    {
        var spec = TestWorkloads.MultipleChoice(400, seed: 4);

        var id = await fixture.Client.SubmitAsync(spec);
        await Task.Delay(300);
        await fixture.Client.CancelAsync(id);
        var report = await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(JobTimeout).Token);

        Assert.Equal(JobStatus.Cancelled, report.Status);
        Assert.True(report.Answered < 400, $"answered {report.Answered}");
        await Task.Delay(200);
        var loads = await LoadsAsync();
        await Task.Delay(1000);
        Assert.Equal(loads, await LoadsAsync());
        Assert.Equal(report.Answered, (await fixture.Client.GetReportAsync(id))!.Answered);
        Assert.Equal(report.Answered, (await fixture.Client.GetResultsAsync(id)).Count); // the report counts every stored row
    }

    [Fact]
    public async Task WatchLease_AJobNoClientWatches_IsCancelledOnceItRunsOut()
    {
        // Nobody watches this one (its asker vanished); the lease counts from its start.
        var spec = TestWorkloads.MultipleChoice(1000, seed: 6) with { WatchLease = TimeSpan.FromSeconds(1) };

        var id = await fixture.Client.SubmitAsync(spec);
        var report = await EndedWithoutWatchingAsync(id);

        Assert.Equal(JobStatus.Cancelled, report.Status);
        Assert.Contains("no client watched the job for 1 s", report.Error);
        Assert.True(report.Answered < 1000, $"answered {report.Answered}");
    }

    [Fact]
    public async Task WatchLease_AWatcherThatStopsReading_LeavesTheJobToBeCancelled()
    {
        // A client process that died leaves its watch open on the job's side, neither read nor closed: as this one does.
        var spec = TestWorkloads.MultipleChoice(1000, seed: 8) with { WatchLease = TimeSpan.FromSeconds(1) };
        var id = await fixture.Client.SubmitAsync(spec);
        using var stop = new CancellationTokenSource(JobTimeout);
        await using var abandoned = fixture.Cluster.Client.GetGrain<IJobGrain>(id).WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await abandoned.MoveNextAsync());
        Assert.True(await abandoned.MoveNextAsync());

        var report = await EndedWithoutWatchingAsync(id);

        Assert.Equal(JobStatus.Cancelled, report.Status);
        Assert.Contains("no client watched the job for 1 s", report.Error);
    }

    /// <summary>
    /// A watched job outlives its lease. The lease is 2 s, not the other tests' 1 s: the feed counts from the last event
    /// a watcher took, and a 1 s lease was lost twice on a loaded CI machine (ci181, ci184) while the job was watched,
    /// when the client's next pull came more than a second after the last.
    /// </summary>
    [Fact]
    public async Task WatchLease_AWatchedJob_RunsPastItsLeaseToTheEnd()
    {
        var spec = TestWorkloads.MultipleChoice(2000, seed: 7) with { WatchLease = TimeSpan.FromSeconds(2) };
        var started = DateTime.UtcNow;

        var id = await fixture.Client.SubmitAsync(spec);
        var report = await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(JobTimeout).Token);

        Assert.True(report.Status == JobStatus.Completed, $"{report.Status}: {report.Error}");
        Assert.Equal(2000, report.Answered);
        Assert.True(DateTime.UtcNow - started > 2 * spec.WatchLease!.Value, $"the job took {DateTime.UtcNow - started}: too short to outlive its lease");
    }

    /// <summary>The job's report once it has ended, read by polling (which does not count as watching it).</summary>
    private async Task<JobReport> EndedWithoutWatchingAsync(string id)
    {
        var started = DateTime.UtcNow;
        JobReport? report;
        do
        {
            await Task.Delay(200);
            report = await fixture.Client.GetReportAsync(id);
        }
        while (report!.Status == JobStatus.Running && DateTime.UtcNow - started < JobTimeout);

        return report;
    }

    public static TheoryData<string, Func<JobSpec, JobSpec>> Rejections() => new()
    {
        { "has no questions", s => s with { Questions = [] } },
        // A pool may list an expert the cluster lacks (a rolling update); a question routed to it is refused.
        { "expert 'Mystery' is not a model this cluster serves (it serves ", s => s with { ExpertPool = [.. s.ExpertPool, "Mystery"], Questions = [s.Questions[0] with { Experts = ["Mystery"] }, .. s.Questions.Skip(1)] } },
        { "aggregator 'Nobody' is not a model this cluster serves (it serves ", s => s with { Aggregator = "Nobody" } },
        { "not in the job's expert pool", s => s with { ExpertPool = s.ExpertPool.Where(e => e != "Gemma").ToArray() } },
        { "unknown scheduler", s => s with { Scheduler = (SchedulerKind)99 } },
        { "unknown scheduler, answer format or priority", s => s with { Priority = (JobPriority)7 } },
        { "the retention must not be negative", s => s with { Retention = TimeSpan.FromSeconds(-1) } },
        { "gate threshold", s => s with { Gate = new GateSpec(GateRule.VoteFraction, 1.5) } },
        { "routed to no expert and the job has no router", s => s with { Questions = [s.Questions[0] with { Experts = [] }] } },
        { "no experts and no skill", s => s with { Questions = [s.Questions[0] with { Experts = [], Skill = null }], Router = new RouterSpec(new Dictionary<string, IReadOnlyDictionary<string, double>>()) } },
        { "appears twice", s => s with { Questions = [s.Questions[0], s.Questions[0]] } },
        // The gateway and mosaic run refuse an empty message; a client's job with one was answered "0".
        { "has no text", s => s with { Questions = [s.Questions[0] with { Text = " " }, .. s.Questions.Skip(1)] } },
        // Longer than the stores' question id column: used to be accepted, then every write of its outputs failed and the job never ended.
        { "is 257 characters long; the limit is 256", s => s with { Questions = [s.Questions[0] with { Id = new string('q', 257) }, .. s.Questions.Skip(1)] } },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task BadJob_IsRejectedAtSubmitAndWritesNoState(string expected, Func<JobSpec, JobSpec> corrupt)
    {
        var spec = corrupt(TestWorkloads.MultipleChoice(30, seed: 5));
        var id = Guid.NewGuid().ToString("N");

        var error = await Assert.ThrowsAsync<JobRejectedException>(() => fixture.Client.SubmitAsync(spec, id));

        Assert.Contains(expected, error.Message);
        await AssertNoStateAsync(id);
        // The id stays free: the same id with a valid spec is accepted.
        await fixture.Client.SubmitAsync(TestWorkloads.MultipleChoice(6, seed: 5), id);
        Assert.Equal(JobStatus.Completed, (await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(JobTimeout).Token)).Status);
    }

    /// <summary>
    /// An ended job is forgotten: its rows gone, its grain state a mark that refuses the id (workers may still remember
    /// the old job's calls, so a new job of that id would wait for them forever); a running or unknown one is refused and kept.
    /// </summary>
    [Fact]
    public async Task Forget_EndedJob_DeletesItsRowsAndRefusesItsId_RunningOrUnknownRefused()
    {
        var id = Guid.NewGuid().ToString("N");
        await fixture.Client.SubmitAsync(TestWorkloads.MultipleChoice(200, seed: 8), id);

        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Client.ForgetAsync(id));
        Assert.Equal(JobStatus.Completed, (await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(JobTimeout).Token)).Status);
        Assert.Equal(200, (await fixture.Client.GetResultsAsync(id)).Count);
        await fixture.Client.ForgetAsync(id);

        var services = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.GetActiveSilos().First().SiloAddress);
        var store = services.GetRequiredService<IJobStore>();
        Assert.Null(await store.ReadSpecAsync(id));
        Assert.Empty(await store.ReadResultsAsync(id, 0, 1000));
        Assert.Empty(await store.ReadOutputsAsync(id));
        Assert.Null(await fixture.Client.GetReportAsync(id));
        await Assert.ThrowsAsync<Mosaic.Client.JobNotFoundException>(() => fixture.Client.ForgetAsync(id));
        var reused = await Assert.ThrowsAsync<JobRejectedException>(() => fixture.Client.SubmitAsync(TestWorkloads.MultipleChoice(6, seed: 8), id));
        Assert.Contains("was deleted", reused.Message, StringComparison.Ordinal);
        Assert.Equal(JobRejection.IdRetired, reused.Reason);
    }

    /// <summary>
    /// Forgetting a job whose id is never used again (the gateway's chat jobs) leaves no mark: the grain state goes as
    /// well as the rows. Until 2026-12-05 every forgotten chat job left its mark, a row per request for ever.
    /// </summary>
    [Fact]
    public async Task Forget_WithoutReservingTheId_LeavesNoState()
    {
        var id = Guid.NewGuid().ToString("N");
        await fixture.Client.SubmitAsync(TestWorkloads.MultipleChoice(12, seed: 9), id);
        Assert.Equal(JobStatus.Completed, (await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(JobTimeout).Token)).Status);

        await fixture.Client.ForgetAsync(id, reserveId: false);

        await AssertNoStateAsync(id);
        await Assert.ThrowsAsync<Mosaic.Client.JobNotFoundException>(() => fixture.Client.ForgetAsync(id, reserveId: false));
    }

    /// <summary>Nothing was written: no job row, no grain state (read from the stores themselves, not through the grain).</summary>
    private async Task AssertNoStateAsync(string id)
    {
        var silo = fixture.Cluster.GetActiveSilos().First().SiloAddress;
        var services = fixture.Cluster.GetSiloServiceProvider(silo);
        Assert.Null(await services.GetRequiredService<IJobStore>().ReadSpecAsync(id));
        var state = new GrainState<JobState>(new JobState());
        await services.GetRequiredKeyedService<IGrainStorage>(MosaicStorageNames.Grains).ReadStateAsync("job", GrainId.Create("mosaic.job", id), state);
        Assert.False(state.RecordExists);
        Assert.Null(await fixture.Client.GetReportAsync(id));
    }

    [Fact]
    public async Task MoreExpertsThanKOnTheLiveWorkers_KIsRaisedAtSubmitAndTheJobCompletes()
    {
        // Nine experts with prompts need K·N >= 9 model slots; four workers with K = 2 have eight. Refused before, while
        // a re-plan on the same workers raised K: a one-GPU user, or a cluster that lost a silo, could run no new job.
        var experts = TestProfiles.Pool.Concat(TestProfiles.Extra).ToArray();
        var spec = TestWorkloads.MultipleChoice(36, seed: 6) is var s
            ? s with { ExpertPool = experts, Questions = s.Questions.Select((q, i) => q with { Experts = [experts[i % 9]] }).ToArray() }
            : throw new InvalidOperationException();

        var id = await fixture.Client.SubmitAsync(spec);
        var report = await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(JobTimeout).Token);
        var plan = await fixture.Client.GetPlanAsync(id);

        Assert.Equal(JobStatus.Completed, report.Status);
        Assert.Equal(36, report.Answered);
        Assert.Equal(9, plan!.Workers.SelectMany(w => w.Sessions.Select(session => session.Expert)).Distinct().Count());
        Assert.Contains(plan.Workers, w => w.Sessions.Select(session => session.Expert).Distinct().Count() == 3);
    }

    [Fact]
    public async Task ExpertLargerThanEveryGpu_IsRejectedAtSubmit()
    {
        var spec = TestWorkloads.MultipleChoice(12, seed: 7) is var s
            ? s with { ExpertPool = [.. s.ExpertPool, TestProfiles.Huge], Questions = [.. s.Questions, s.Questions[0] with { Id = "huge", Experts = [TestProfiles.Huge] }] }
            : throw new InvalidOperationException();
        var id = Guid.NewGuid().ToString("N");

        var error = await Assert.ThrowsAsync<JobRejectedException>(() => fixture.Client.SubmitAsync(spec, id));

        Assert.Contains("memory", error.Message);
        await AssertNoStateAsync(id);
    }

    private async Task<int> LoadsAsync()
    {
        var total = 0;
        for (var n = 0; n < 4; n++)
        {
            total += (await fixture.Cluster.Client.GetGrain<IWorkerGrain>($"gpu{n}").GetStatusAsync()).Loads;
        }

        return total;
    }
}
