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
    public void Plan_KTooSmallForAFirstPlan_IsRejected()
    {
        var error = Assert.Throws<InvalidInstanceException>(() => StagePlanner.Plan(Request(Calls(10, "quick", "think", "other"), workers: 1, k: 2)));

        Assert.Contains("max_models_per_worker = 2 is too small", error.Message);
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
    public void Plan_NoWorkers_IsRejected() =>
        Assert.Throws<InvalidInstanceException>(() => StagePlanner.Plan(Request(Calls(1, "quick"), workers: 0)));
}
