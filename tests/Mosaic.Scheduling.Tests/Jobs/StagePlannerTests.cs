using Mosaic.Scheduling.Jobs;
using Mosaic.Scheduling.Planning;
using Mosaic.Scheduling.Profiling;

namespace Mosaic.Scheduling.Tests.Jobs;

public sealed class StagePlannerTests
{
    private static readonly IReadOnlyDictionary<string, ExpertProfile> Profiles = new Dictionary<string, ExpertProfile>
    {
        ["quick"] = ExpertProfile.Linear("quick", ExpertKind.Instruct, 10, 0.2, 200),
        ["think"] = ExpertProfile.Linear("think", ExpertKind.Reasoning, 12, 2.0, 3000),
        ["other"] = ExpertProfile.Linear("other", ExpertKind.Instruct, 10, 0.3, 200),
        ["huge"] = ExpertProfile.Linear("huge", ExpertKind.Instruct, 10, 0.3, 200, memoryGb: 100),
    };

    private static RoutedCall[] Calls(int questions, params string[] experts) =>
        Enumerable.Range(0, questions).SelectMany(q => experts.Select((e, slot) => new RoutedCall(q, slot, e))).ToArray();

    private static StagePlanRequest Request(IReadOnlyList<RoutedCall> calls, int workers, int k = 2, string scheduler = "mosaic", bool raise = false, double? memory = null) =>
        new(calls, Profiles, Enumerable.Range(0, workers).Select(n => new WorkerSpec($"gpu{n}", memory)).ToArray(), k, scheduler,
            new IlpOptions { TimeLimit = TimeSpan.FromSeconds(2) }, raise);

    [Theory]
    [InlineData("mosaic")]
    [InlineData("round-robin")]
    [InlineData("lpt")]
    [InlineData("data-parallel")]
    public void Plan_EveryCallOnExactlyOneSessionOfItsExpert(string scheduler)
    {
        var calls = Calls(40, "quick", "think", "other");

        var plan = StagePlanner.Plan(Request(calls, workers: 3, scheduler: scheduler));

        var planned = plan.Workers.SelectMany(w => w.Sessions.SelectMany(s => s.Calls.Select(c => (c, s.Expert)))).ToArray();
        Assert.Equal(calls.OrderBy(c => (c.QuestionIndex, c.Slot)), planned.Select(p => p.c).OrderBy(c => (c.QuestionIndex, c.Slot)));
        Assert.All(planned, p => Assert.Equal(p.c.Expert, p.Expert));
        Assert.Equal(plan.Schedule.MakespanSeconds, plan.MakespanSeconds);
    }

    [Fact]
    public void Plan_InstructSessionsRunBeforeReasoningOnEachWorker()
    {
        var plan = StagePlanner.Plan(Request(Calls(60, "think", "quick", "other"), workers: 2, k: 3));

        foreach (var worker in plan.Workers)
        {
            var kinds = worker.Sessions.Select(s => Profiles[s.Expert].Kind).ToArray();
            Assert.Equal(kinds.OrderBy(k => k == ExpertKind.Reasoning ? 1 : 0), kinds);
            Assert.True(worker.Sessions.Zip(worker.Sessions.Skip(1)).All(p => p.First.EndSeconds <= p.Second.StartSeconds + 1e-9));
        }
    }

    [Fact]
    public void Plan_KTooSmallForAFirstPlan_IsRaisedToTheLeastThatPlacesEveryExpert()
    {
        // Refused before ("max_models_per_worker = 2 is too small"), while a re-plan on the same workers raised K.
        var plan = StagePlanner.Plan(Request(Calls(10, "quick", "think", "other"), workers: 1, k: 2));

        Assert.Equal(3, plan.ModelsPerWorker);
        Assert.Equal(["other", "quick", "think"], Assert.Single(plan.Workers).Sessions.Select(s => s.Expert).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Plan_KLargeEnough_IsKept()
    {
        Assert.Equal(4, StagePlanner.Plan(Request(Calls(10, "quick", "think", "other"), workers: 2, k: 4)).ModelsPerWorker);
    }

    [Fact]
    public void Plan_ARePlanRaisesKUntilTheCallsFit()
    {
        var plan = StagePlanner.Plan(Request(Calls(10, "quick", "think", "other"), workers: 1, k: 2, raise: true));

        Assert.Equal(3, plan.ModelsPerWorker);
        Assert.Equal(3, Assert.Single(plan.Workers).Sessions.Count);
    }

    [Fact]
    public void Plan_ARePlanNeverPutsAModelOnAWorkerTooSmallForIt()
    {
        var workers = new[] { new WorkerSpec("small", MemoryGb: 40), new WorkerSpec("big", MemoryGb: 160) };
        var request = new StagePlanRequest(Calls(30, "quick", "huge", "think"), Profiles, workers, 1, "mosaic", new IlpOptions { TimeLimit = TimeSpan.FromSeconds(1) }, RaiseModelsPerWorker: true);

        var plan = StagePlanner.Plan(request);

        Assert.DoesNotContain(plan.Workers.Single(w => w.Worker == "small").Sessions, s => s.Expert == "huge");
        Assert.Equal(90, plan.Workers.Sum(w => w.Sessions.Sum(s => s.Calls.Count)));
        Assert.True(plan.ModelsPerWorker >= 2);
        Assert.True(plan.MakespanSeconds >= plan.Bound.Seconds - 1e-6);
    }

    [Fact]
    public void Plan_ModelBiggerThanEveryGpu_IsRejectedWithItsName()
    {
        var error = Assert.Throws<InvalidInstanceException>(() => StagePlanner.Plan(Request(Calls(5, "huge"), workers: 2, scheduler: "round-robin", memory: 80)));

        Assert.Contains("huge", error.Message);
        Assert.Contains("100", error.Message);
    }

    [Fact]
    public void Plan_NoCalls_GivesAnEmptyPlanForEveryWorker()
    {
        var plan = StagePlanner.Plan(Request([], workers: 2));

        Assert.Equal(0, plan.MakespanSeconds);
        Assert.Equal(["gpu0", "gpu1"], plan.Workers.Select(w => w.Worker));
        Assert.All(plan.Workers, w => Assert.Empty(w.Sessions));
    }

    [Fact]
    public void ToSpec_MeasuredProfile_CarriesItsCostsMemoryAndLongestPrompt()
    {
        var profile = new ExpertProfile("m", ExpertKind.Reasoning, 30, 2000, 8000, new SessionTimeRegression(20, 0.5, 0.001, 0), 0.02, 48);

        var spec = StagePlanner.ToSpec(profile, 40);

        Assert.Equal(new ExpertSpec("m", ExpertKind.Reasoning, 30, profile.PerPromptSeconds(40), 40, 48, 2000, 0.02 * 8000), spec);
    }

    [Fact]
    public void ToSpec_ProfileWithoutASingleStreamRate_HasNoLongestPrompt() =>
        Assert.Null(StagePlanner.ToSpec(Profiles["quick"], 5).LongestPromptSeconds);

    [Fact]
    public void Plan_EveryExpertWithMemory_KeepsTheLargeOneOffTheFastSmallWorker()
    {
        // Without the memory rule the ILP would put the heavy 100 GB expert on the four-times-faster 40 GB worker.
        var profiles = new Dictionary<string, ExpertProfile>
        {
            ["heavy"] = ExpertProfile.Linear("heavy", ExpertKind.Reasoning, 10, 4.0, 3000, memoryGb: 100),
            ["light"] = ExpertProfile.Linear("light", ExpertKind.Instruct, 10, 0.1, 200, memoryGb: 20),
        };
        var workers = new[] { new WorkerSpec("small", MemoryGb: 40, Speed: 4), new WorkerSpec("big", MemoryGb: 160) };
        var request = new StagePlanRequest(
            Calls(30, "heavy", "light"), profiles, workers, 1, "mosaic", new IlpOptions { TimeLimit = TimeSpan.FromSeconds(2), HeterogeneousWorkers = true });

        var plan = StagePlanner.Plan(request);

        Assert.Equal(["light"], plan.Workers.Single(w => w.Worker == "small").Sessions.Select(s => s.Expert));
        Assert.Equal(["heavy"], plan.Workers.Single(w => w.Worker == "big").Sessions.Select(s => s.Expert));
    }

    [Fact]
    public void Plan_ModelBiggerThanEveryGpu_FirstPlanWithTheSolver_IsRejectedInOneLine()
    {
        var error = Assert.Throws<InvalidInstanceException>(() => StagePlanner.Plan(Request(Calls(5, "huge"), workers: 2, memory: 80)));

        Assert.Equal("no plan fits this cluster: an expert needs more GPU memory than the workers have", error.Message);
    }

    [Fact]
    public void Plan_BaselineOnAGpuTooSmall_NamesTheExpertAndTheWorker()
    {
        var error = Assert.Throws<InvalidInstanceException>(() => StagePlanner.Plan(Request(Calls(5, "huge"), workers: 2, scheduler: "round-robin", memory: 80)));

        Assert.Equal("no plan fits this cluster: expert 'huge' needs 100 GB of GPU memory, worker 'gpu0' has 80 GB", error.Message);
    }

    [Fact]
    public void Plan_ARePlanWithAModelBiggerThanEveryGpu_IsRejectedWithTheReplannersReason()
    {
        var error = Assert.Throws<InvalidInstanceException>(() => StagePlanner.Plan(Request(Calls(5, "huge"), workers: 2, raise: true, memory: 80)));

        Assert.Equal(
            "no plan fits this cluster: expert 'huge' needs 100 GB of GPU memory and no available worker has that much", error.Message);
    }

    [Fact]
    public void Plan_SessionsCarryTheirCallsAndClockTimes()
    {
        var calls = Calls(6, "quick", "think");

        var plan = StagePlanner.Plan(Request(calls, workers: 1, scheduler: "round-robin"));

        var worker = Assert.Single(plan.Workers);
        var quick = worker.Sessions[0];
        var think = worker.Sessions[1];
        Assert.Equal("quick", quick.Expert);
        Assert.Equal(0, quick.StartSeconds);
        Assert.Equal(10 + 6 * 0.2, quick.EndSeconds, 9);
        Assert.Equal(quick.EndSeconds, think.StartSeconds, 9);
        Assert.Equal(think.StartSeconds + 12 + 6 * 2.0, think.EndSeconds, 9);
        Assert.Equal(calls.Where(c => c.Expert == "think"), think.Calls);
        Assert.Equal(think.EndSeconds, worker.BusySeconds, 9);
        Assert.Equal(worker.BusySeconds, plan.BusySeconds["gpu0"], 9);
        Assert.Equal(2, plan.ModelsPerWorker);
        Assert.True(plan.Bound.Seconds > 0 && plan.Bound.Seconds <= plan.MakespanSeconds + 1e-9);
    }

    [Fact]
    public void Plan_NoCalls_KeepsTheConfiguredKAndAZeroBound()
    {
        var plan = StagePlanner.Plan(Request([], workers: 2, k: 3, scheduler: "lpt"));

        Assert.Equal(3, plan.ModelsPerWorker);
        Assert.Equal("lpt", plan.Schedule.Scheduler);
        Assert.Equal(PlanStatus.Optimal, plan.Schedule.Status);
        Assert.Equal(0, plan.Bound.Seconds);
        Assert.All(plan.Workers, w => Assert.Equal(0, w.BusySeconds));
        Assert.Equal(["gpu0", "gpu1"], plan.Schedule.Workers.Select(w => w.Worker));
    }

    [Fact]
    public void Plan_NoWorkers_IsRejected() =>
        Assert.Throws<InvalidInstanceException>(() => StagePlanner.Plan(Request(Calls(1, "quick"), workers: 0)));
}
