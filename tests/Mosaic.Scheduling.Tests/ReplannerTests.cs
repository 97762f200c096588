using CsCheck;
using Mosaic.Scheduling.Instances;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling.Tests;

public sealed class ReplannerTests
{
    private static readonly ReplannerOptions Quick = new() { TimeLimit = TimeSpan.FromMilliseconds(300) };

    /// <summary>
    /// Instances with GPU memory on both sides (experts 10–70 GB, workers 24–80 GB), a random part of each expert's
    /// prompts left and a random subset of workers still up.
    /// </summary>
    private static readonly Gen<ReplanRequest> Requests =
        from workers in Gen.Select(Gen.Int[24, 80], Gen.Double[0.5, 2]).Array[1, 6]
        from experts in Gen.Select(Gen.Int[10, 70], Gen.Double[0.05, 3], Gen.Int[0, 60], Gen.Double[0, 1]).Array[1, 7]
        from k in Gen.Int[1, 3]
        from up in Gen.Bool.Array[workers.Length]
        from seed in Gen.Int
        select Build(workers, experts, k, up, seed);

    [Fact]
    public void Replan_NeverPlacesAnExpertWhereItDoesNotFit_AndRunsEveryRemainingPromptOnce()
    {
        Requests.Sample(request =>
        {
            var result = new Replanner(Quick).Plan(request);

            var memoryOf = request.Instance.Workers.ToDictionary(w => w.Id, w => w.MemoryGb);
            var expertOf = request.Instance.Experts.ToDictionary(e => e.Name);
            var left = request.RemainingPrompts.Where(p => p.Value.Count > 0).ToArray();
            if (result.Problem is not null)
            {
                Assert.Equal(PlanStatus.Infeasible, result.Plan.Status);
                Assert.True(
                    request.AvailableWorkers.Count == 0
                    || left.Any(p => request.AvailableWorkers.All(w => memoryOf[w] < expertOf[p.Key].MemoryGb)),
                    $"infeasible ({result.Problem}) although every expert fits somewhere");
                return;
            }

            foreach (var worker in result.Plan.Workers)
            {
                Assert.Contains(worker.Worker, request.AvailableWorkers);
                Assert.True(worker.Sessions.Count <= result.MaxModelsPerWorker);
                foreach (var session in worker.Sessions)
                {
                    Assert.True(expertOf[session.Expert].MemoryGb <= memoryOf[worker.Worker],
                        $"{session.Expert} ({expertOf[session.Expert].MemoryGb} GB) on {worker.Worker} ({memoryOf[worker.Worker]} GB)");
                }
            }

            foreach (var (expert, ids) in left)
            {
                var served = result.Plan.Workers.SelectMany(w => w.Sessions).Where(s => s.Expert == expert).SelectMany(s => s.PromptIds).Order();
                Assert.Equal(ids.Order(), served);
            }

            Assert.DoesNotContain(result.Plan.Workers.SelectMany(w => w.Sessions), s => !left.Any(p => p.Key == s.Expert));
            Assert.True(result.MaxModelsPerWorker >= request.Instance.MaxModelsPerWorker);
            Assert.True(result.Plan.MakespanSeconds >= result.LowerBoundSeconds - 1e-6,
                $"makespan {result.Plan.MakespanSeconds} below its bound {result.LowerBoundSeconds}");
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void Replan_AfterAWorkerLeaves_KeepsKWhenTheRestCanHostEveryExpert()
    {
        var instance = PaperInstances.Get("paper:mmlu-pro");
        var remaining = instance.Experts.ToDictionary(e => e.Name, e => (IReadOnlyList<int>)Enumerable.Range(0, e.Prompts / 2).ToArray());

        // A generous limit: the solve stops when it proves optimality, in well under a second on an idle machine.
        var result = new Replanner(new ReplannerOptions { TimeLimit = TimeSpan.FromSeconds(20) })
            .Plan(new ReplanRequest(instance, remaining, ["gpu0", "gpu1", "gpu2"]));

        Assert.Null(result.Problem);
        Assert.Equal(PlanStatus.Optimal, result.Plan.Status);
        Assert.Equal(2, result.MaxModelsPerWorker);
        Assert.Equal(["gpu0", "gpu1", "gpu2"], result.Plan.Workers.Select(w => w.Worker));
        Assert.InRange(result.Plan.MakespanSeconds, result.LowerBoundSeconds, 1.05 * result.LowerBoundSeconds);
    }

    [Fact]
    public void Replan_WithTwoWorkersLeftForSixExperts_RaisesKToThree()
    {
        var instance = PaperInstances.Get("paper:mmlu-pro");
        var remaining = instance.Experts.ToDictionary(e => e.Name, e => (IReadOnlyList<int>)Enumerable.Range(0, e.Prompts).ToArray());

        var result = new Replanner(Quick).Plan(new ReplanRequest(instance, remaining, ["gpu1", "gpu3"]));

        Assert.Equal(3, result.MaxModelsPerWorker);
        Assert.All(result.Plan.Workers, w => Assert.True(w.Sessions.Count <= 3));
        Assert.Equal(instance.TotalPrompts, result.Plan.Workers.Sum(w => w.Sessions.Sum(s => s.PromptCount)));
    }

    [Fact]
    public void Replan_ExpertsThatFitOnlyOneWorker_RaisesKUntilThatWorkerHostsThemAll()
    {
        var instance = new SchedulingInstance(
            "memory",
            [
                new ExpertSpec("big1", ExpertKind.Reasoning, 40, 2, 50, MemoryGb: 60),
                new ExpertSpec("big2", ExpertKind.Reasoning, 40, 2, 50, MemoryGb: 60),
                new ExpertSpec("big3", ExpertKind.Reasoning, 40, 2, 50, MemoryGb: 60),
                new ExpertSpec("small", ExpertKind.Instruct, 40, 0.1, 50, MemoryGb: 20),
            ],
            [new WorkerSpec("large", MemoryGb: 80), new WorkerSpec("little", MemoryGb: 24), new WorkerSpec("gone", MemoryGb: 80)],
            2).Validate();
        var remaining = instance.Experts.ToDictionary(e => e.Name, e => (IReadOnlyList<int>)Enumerable.Range(0, e.Prompts).ToArray());

        var result = new Replanner(Quick).Plan(new ReplanRequest(instance, remaining, ["large", "little"]));

        Assert.Equal(3, result.MaxModelsPerWorker);
        Assert.Equal(["big1", "big2", "big3"], result.Plan.Workers.Single(w => w.Worker == "large").Sessions.Select(s => s.Expert).Order());
        Assert.Equal(["small"], result.Plan.Workers.Single(w => w.Worker == "little").Sessions.Select(s => s.Expert));
    }

    [Fact]
    public void Replan_ExpertThatFitsNowhere_IsInfeasibleAndNamesIt()
    {
        var instance = new SchedulingInstance(
            "memory",
            [new ExpertSpec("big", ExpertKind.Reasoning, 40, 2, 50, MemoryGb: 60), new ExpertSpec("small", ExpertKind.Instruct, 40, 0.1, 50, MemoryGb: 20)],
            [new WorkerSpec("large", MemoryGb: 80), new WorkerSpec("little", MemoryGb: 24)],
            2).Validate();

        var result = new Replanner(Quick).Plan(new ReplanRequest(
            instance, new Dictionary<string, IReadOnlyList<int>> { ["big"] = [0, 1], ["small"] = [3] }, ["little"]));

        Assert.Equal(PlanStatus.Infeasible, result.Plan.Status);
        Assert.Contains("expert 'big' needs 60 GB", result.Problem);
    }

    [Fact]
    public void Replan_InstanceKAboveWhatTheWorkNeeds_IsKept()
    {
        var instance = new SchedulingInstance(
            "k3",
            [new ExpertSpec("a", ExpertKind.Reasoning, 1, 1, 4), new ExpertSpec("b", ExpertKind.Instruct, 1, 1, 4)],
            [new WorkerSpec("w0"), new WorkerSpec("w1")],
            3).Validate();
        var request = new ReplanRequest(instance, new Dictionary<string, IReadOnlyList<int>> { ["a"] = [0], ["b"] = [1] }, ["w0", "w1"]);

        var result = new Replanner(Quick).Plan(request);

        Assert.Equal(3, result.MaxModelsPerWorker);
    }

    [Fact]
    public void Replan_ExpertExactlyTheSizeOfAWorker_IsPlacedThere()
    {
        var instance = new SchedulingInstance(
            "exact", [new ExpertSpec("a", ExpertKind.Reasoning, 1, 1, 3, MemoryGb: 80)], [new WorkerSpec("w", MemoryGb: 80)], 1).Validate();

        var result = new Replanner(Quick).Plan(new ReplanRequest(instance, new Dictionary<string, IReadOnlyList<int>> { ["a"] = [0, 1, 2] }, ["w"]));

        Assert.Null(result.Problem);
        Assert.Equal("mosaic", result.Plan.Scheduler);
    }

    [Fact]
    public void Replan_HomelessExpert_IsTheOneThatFitsNowhere_NotTheFirstThatMissesAWorker()
    {
        var instance = new SchedulingInstance(
            "homeless",
            [new ExpertSpec("mid", ExpertKind.Reasoning, 1, 1, 3, MemoryGb: 60), new ExpertSpec("giant", ExpertKind.Reasoning, 1, 1, 3, MemoryGb: 100)],
            [new WorkerSpec("large", MemoryGb: 80), new WorkerSpec("little", MemoryGb: 24)],
            2).Validate();
        var remaining = new Dictionary<string, IReadOnlyList<int>> { ["mid"] = [0], ["giant"] = [1] };

        var result = new Replanner(Quick).Plan(new ReplanRequest(instance, remaining, ["large", "little"]));

        Assert.Equal("expert 'giant' needs 100 GB of GPU memory and no available worker has that much", result.Problem);
        Assert.Equal("mosaic", result.Plan.Scheduler);
    }

    [Fact]
    public void Replan_CoResidentExpertsThatCannotShareTheMemory_IsInfeasibleAndSaysSo()
    {
        var instance = new SchedulingInstance(
            "co-resident",
            [new ExpertSpec("a", ExpertKind.Reasoning, 1, 1, 3, MemoryGb: 60), new ExpertSpec("b", ExpertKind.Reasoning, 1, 1, 3, MemoryGb: 60)],
            [new WorkerSpec("w", MemoryGb: 80)],
            2).Validate();
        var remaining = new Dictionary<string, IReadOnlyList<int>> { ["a"] = [0], ["b"] = [1] };

        var result = new Replanner(Quick with { Memory = MemoryConstraint.CoResident }).Plan(new ReplanRequest(instance, remaining, ["w"]));

        Assert.Equal("the experts left cannot share the available workers' memory", result.Problem);
        Assert.Equal(PlanStatus.Infeasible, result.Plan.Status);
    }

    [Theory]
    [InlineData(2.0, 1.0, 5.0)]
    [InlineData(3.0, 2.0, 10.0 / 3.0)]
    public void Replan_SpeedsIgnoredByTheSolver_BoundStillHoldsForTheRealSpeeds(double fast, double slow, double optimum)
    {
        // Without extension a the solver plans as if both workers had speed 1 (its proven bound is 7); the bound
        // reported must still be valid for the workers as they are.
        var instance = new SchedulingInstance(
            "speeds",
            [new ExpertSpec("e", ExpertKind.Reasoning, 1, 1, 11)],
            [new WorkerSpec("fast", Speed: fast), new WorkerSpec("slow", Speed: slow)],
            1).Validate();
        var request = new ReplanRequest(instance, new Dictionary<string, IReadOnlyList<int>> { ["e"] = Enumerable.Range(0, 11).ToArray() }, ["fast", "slow"]);

        var result = new Replanner(new ReplannerOptions { TimeLimit = TimeSpan.FromSeconds(10), HeterogeneousWorkers = false }).Plan(request);

        Assert.True(result.LowerBoundSeconds <= optimum + 1e-6, $"bound {result.LowerBoundSeconds} above the optimum {optimum}");
    }

    [Fact]
    public void Replan_MemoryOff_PlacesAnExpertBiggerThanEveryWorker()
    {
        var instance = new SchedulingInstance(
            "memory-off",
            [new ExpertSpec("big", ExpertKind.Reasoning, 40, 2, 50, MemoryGb: 60)],
            [new WorkerSpec("little", MemoryGb: 24)],
            1).Validate();
        var request = new ReplanRequest(instance, new Dictionary<string, IReadOnlyList<int>> { ["big"] = [0, 1, 2] }, ["little"]);

        var result = new Replanner(Quick with { Memory = MemoryConstraint.Off }).Plan(request);

        Assert.Null(result.Problem);
        Assert.Equal([0, 1, 2], Assert.Single(Assert.Single(result.Plan.Workers).Sessions).PromptIds);
        Assert.Equal(40 + 3 * 2, result.Plan.MakespanSeconds, 6);
        Assert.Equal(40 + 3 * 2, result.LowerBoundSeconds, 6);
    }

    [Fact]
    public void Replan_PerPromptCosts_BoundIsTheInstancesNotTheMeanCostModels()
    {
        // The solver sees four prompts of 25.75 s; one of them really costs 100 s, which no plan can split. The other
        // expert has no per-prompt costs: one expert with them is enough to make the solver's view inexact.
        var instance = new SchedulingInstance(
            "costs",
            [new ExpertSpec("plain", ExpertKind.Instruct, 1, 1, 2), new ExpertSpec("e", ExpertKind.Reasoning, 1, 25.75, 4, PromptCosts: [100, 1, 1, 1])],
            [new WorkerSpec("a"), new WorkerSpec("b")],
            2).Validate();
        var request = new ReplanRequest(instance, new Dictionary<string, IReadOnlyList<int>> { ["plain"] = [0, 1], ["e"] = [0, 1, 2, 3] }, ["a", "b"]);

        var result = new Replanner(Quick).Plan(request);

        Assert.True(result.LowerBoundSeconds >= 101 - 1e-6, $"bound {result.LowerBoundSeconds}");
    }

    [Fact]
    public void Replan_SolvedToOptimality_ReportsTheSolversProvenBound()
    {
        // Two speeds, one expert of 11 one-second prompts, load 1: the best integral split is 8 / 3 or 7 / 4, makespan
        // 5, while the classic bound is 1 + 11 / 3; the solver proves 5, and that is the bound the re-plan reports.
        var instance = new SchedulingInstance(
            "speeds",
            [new ExpertSpec("e", ExpertKind.Reasoning, 1, 1, 11)],
            [new WorkerSpec("fast", Speed: 2), new WorkerSpec("slow")],
            1).Validate();
        var request = new ReplanRequest(instance, new Dictionary<string, IReadOnlyList<int>> { ["e"] = Enumerable.Range(0, 11).ToArray() }, ["fast", "slow"]);

        var result = new Replanner(new ReplannerOptions { TimeLimit = TimeSpan.FromSeconds(10) }).Plan(request);

        Assert.Equal(PlanStatus.Optimal, result.Plan.Status);
        Assert.Equal(5, result.Plan.MakespanSeconds, 6);
        Assert.Equal(result.Plan.MakespanSeconds, result.LowerBoundSeconds, 6);
        Assert.Equal(result.Plan.BestBoundSeconds!.Value, result.LowerBoundSeconds, 9);
        Assert.True(LowerBound.For(instance).Seconds < 5 - 1e-3, $"instance bound {LowerBound.For(instance).Seconds}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Options_NonPositiveTimeLimit_IsRejectedByName(int milliseconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Replanner(new ReplannerOptions { TimeLimit = TimeSpan.FromMilliseconds(milliseconds) }));

        Assert.Equal("TimeLimit", error.ParamName);
        Assert.StartsWith("time limit must be positive", error.Message);
    }

    [Fact]
    public void Options_Defaults_AreOneSecondFitEachAndHeterogeneous()
    {
        var options = new ReplannerOptions();

        Assert.Equal(TimeSpan.FromSeconds(1), options.TimeLimit);
        Assert.Equal(MemoryConstraint.FitEach, options.Memory);
        Assert.True(options.HeterogeneousWorkers);
        Assert.False(options.PerPromptAssignment);
        Assert.Same(options, options.Validate());
    }

    [Theory]
    [InlineData(new[] { 0, 429 })]
    [InlineData(new[] { -1, 0 })]
    [InlineData(new[] { 3, 3 })]
    public void Replan_OneBadIdAmongGoodOnes_IsRejected(int[] ids)
    {
        var instance = PaperInstances.Get("paper:gpqa");
        var request = new ReplanRequest(instance, new Dictionary<string, IReadOnlyList<int>> { ["LlamaR1"] = ids }, ["gpu0"]);

        var error = Assert.Throws<InvalidInstanceException>(() => new Replanner(Quick).Plan(request));

        Assert.Equal("re-plan: expert 'LlamaR1' remaining prompt ids must be distinct and within 0..428", error.Message);
    }

    [Fact]
    public void Replan_NoWorkerAvailable_IsInfeasibleWithTheCount()
    {
        var instance = PaperInstances.Get("paper:gpqa");
        var request = new ReplanRequest(instance, new Dictionary<string, IReadOnlyList<int>> { ["LlamaR1"] = [1], ["Gemma"] = [2], ["QwenR1"] = [] }, []);

        var result = new Replanner(Quick).Plan(request);

        Assert.Equal("2 expert(s) have prompts left but no worker is available", result.Problem);
        Assert.Equal("mosaic", result.Plan.Scheduler);
        Assert.Equal(PlanStatus.Infeasible, result.Plan.Status);
        Assert.Equal(double.PositiveInfinity, result.LowerBoundSeconds);
        Assert.Equal(instance.MaxModelsPerWorker, result.MaxModelsPerWorker);
    }

    [Fact]
    public void Replan_PromptIdsComeBackInTheInstancesNumbering()
    {
        var instance = PaperInstances.Get("paper:gpqa");
        var remaining = new Dictionary<string, IReadOnlyList<int>> { ["LlamaR1"] = [5, 17, 400, 428], ["Gemma"] = [3] };

        var result = new Replanner(Quick).Plan(new ReplanRequest(instance, remaining, ["gpu0", "gpu2"]));

        var sessions = result.Plan.Workers.SelectMany(w => w.Sessions).ToArray();
        Assert.Equal([5, 17, 400, 428], sessions.Where(s => s.Expert == "LlamaR1").SelectMany(s => s.PromptIds).Order());
        Assert.Equal([3], sessions.Single(s => s.Expert == "Gemma").PromptIds);
    }

    [Theory]
    [InlineData("gpu9", "LlamaR1", 0, "unknown worker 'gpu9'")]
    [InlineData("gpu0", "Nobody", 0, "unknown expert 'Nobody'")]
    [InlineData("gpu0", "LlamaR1", 429, "within 0..428")]
    public void Replan_BadRequest_NamesTheProblem(string worker, string expert, int prompt, string expected)
    {
        var instance = PaperInstances.Get("paper:gpqa");
        var request = new ReplanRequest(instance, new Dictionary<string, IReadOnlyList<int>> { [expert] = [prompt] }, [worker]);

        var error = Assert.Throws<InvalidInstanceException>(() => new Replanner(Quick).Plan(request));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Replan_NothingLeft_ReturnsAnEmptyPlan()
    {
        var instance = PaperInstances.Get("paper:gpqa");

        var result = new Replanner(Quick).Plan(new ReplanRequest(instance, new Dictionary<string, IReadOnlyList<int>>(), ["gpu0"]));

        Assert.Equal(0, result.Plan.MakespanSeconds);
        Assert.All(result.Plan.Workers, w => Assert.Empty(w.Sessions));
        Assert.Equal(("mosaic", PlanStatus.Optimal, 0.0), (result.Plan.Scheduler, result.Plan.Status, result.LowerBoundSeconds));
        Assert.Equal(["gpu0"], result.Plan.Workers.Select(w => w.Worker));
    }

    private static ReplanRequest Build(
        (int Memory, double Speed)[] workers, (int Memory, double Cost, int Prompts, double Left)[] experts, int k, bool[] up, int seed)
    {
        var random = new Random(seed);
        var specs = experts.Select((e, m) => new ExpertSpec(
            $"e{m}", m % 2 == 0 ? ExpertKind.Reasoning : ExpertKind.Instruct, 40, Math.Round(e.Cost, 3), e.Prompts + 1, MemoryGb: e.Memory)).ToArray();
        var workerSpecs = workers.Select((w, n) => new WorkerSpec($"w{n}", w.Memory, Math.Round(w.Speed, 2))).ToArray();
        var instance = new SchedulingInstance("replan", specs, workerSpecs, Math.Max(k, (specs.Length + workerSpecs.Length - 1) / workerSpecs.Length));
        var remaining = specs.ToDictionary(
            e => e.Name,
            e => (IReadOnlyList<int>)Enumerable.Range(0, e.Prompts).Where(_ => random.NextDouble() < experts[int.Parse(e.Name[1..])].Left).ToArray());
        var available = workerSpecs.Where((_, n) => up[n]).Select(w => w.Id).ToArray();
        return new ReplanRequest(instance, remaining, available);
    }
}
