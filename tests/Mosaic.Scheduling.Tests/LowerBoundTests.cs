using CsCheck;
using Google.OrTools.Sat;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling.Tests;

public sealed class LowerBoundTests
{
    /// <summary>
    /// Small instances where K binds: 2–4 workers, 2–6 experts, K at or one above ⌈M/N⌉; a third with worker speeds,
    /// a third with memory that keeps some experts off some workers.
    /// </summary>
    private static readonly Gen<(SchedulingInstance Instance, IlpOptions Options)> KBound =
        from workers in Gen.Int[2, 4]
        from experts in Gen.Select(Gen.Int[0, 60], Gen.Int[5, 300], Gen.Int[1, 20], Gen.Int[0, 2]).Array[2, 6]
        from extraK in Gen.Int[0, 1]
        from variant in Gen.Int[0, 2]
        from speeds in Gen.Int[0, 2].Array[workers]
        where variant != 2 || FitsSomewhere(workers, experts, extraK)
        select Build(workers, experts, extraK, variant, speeds);

    [Fact]
    public void Bound_NeverExceedsTheExactOptimum_On240RandomInstances()
    {
        var kAwareAbove = 0;
        var solved = 0;
        KBound.Sample(sample =>
        {
            var (instance, options) = sample;
            var bound = LowerBound.For(IlpModel.ModelView(instance, options), options.Memory);
            var (optimum, slack) = ExactOptimum(instance, options);

            Assert.True(bound.Seconds <= optimum + slack + 1e-9,
                $"LB {bound.Seconds} > optimum {optimum} (+{slack} rounding) on {Describe(instance, options)}");
            solved++;
            if (bound.ConfigurationSeconds > bound.ClassicSeconds * (1 + 1e-3))
            {
                Interlocked.Increment(ref kAwareAbove);
            }
        }, iter: 240, threads: 1, seed: "0N0XIzNsQ0O2");

        // The test means something only if the K-aware term is often the binding one.
        Assert.Equal(240, solved);
        Assert.True(kAwareAbove >= 80, $"the K-aware term beat the classic terms on only {kAwareAbove} of 240 instances");
    }

    [Fact]
    public void Bound_SlotTightInstance_SeesThatTheLargestExpertMustShareItsWorker()
    {
        // Four unsplittable experts (load ≥ work, so R = 1), two workers, K = 2: every worker hosts exactly two, so the
        // 100 s expert shares with a 10 s one. The classic bound stops at the 100 s expert alone.
        var instance = new SchedulingInstance(
            "slot-tight",
            [
                new ExpertSpec("a", ExpertKind.Reasoning, 60, 4, 10),
                new ExpertSpec("b", ExpertKind.Instruct, 6, 1, 4),
                new ExpertSpec("c", ExpertKind.Instruct, 6, 1, 4),
                new ExpertSpec("d", ExpertKind.Instruct, 6, 1, 4),
            ],
            [new WorkerSpec("w0"), new WorkerSpec("w1")],
            2).Validate();

        var bound = LowerBound.For(instance);

        Assert.Equal(100, bound.ClassicSeconds, 6);
        Assert.InRange(bound.ConfigurationSeconds, 110 * (1 - 1e-3), 110);
        Assert.Equal(110, new MosaicIlpScheduler().Plan(instance).MakespanSeconds, 6);
    }

    [Fact]
    public void Bound_ExpertThatFitsNowhere_IsInfinite()
    {
        var instance = new SchedulingInstance(
            "too-big",
            [new ExpertSpec("a", ExpertKind.Reasoning, 10, 1, 10, MemoryGb: 90)],
            [new WorkerSpec("w0", MemoryGb: 80)],
            1).Validate();

        Assert.True(double.IsPositiveInfinity(LowerBound.For(instance, MemoryConstraint.FitEach).Seconds));
        Assert.True(double.IsFinite(LowerBound.For(instance).Seconds));
    }

    /// <summary>
    /// The optimum of the ILP without the bound's cut, solved to optimality by CP-SAT, in seconds, and the most that
    /// rounding the model's coefficients down can take off it (the true optimum lies within [optimum, optimum + slack]).
    /// </summary>
    private static (double Optimum, double Slack) ExactOptimum(SchedulingInstance instance, IlpOptions options)
    {
        var ilp = new IlpModel(instance, options with { LowerBoundCut = false });
        var solver = new CpSolver { StringParameters = "max_time_in_seconds:30 num_workers:1" };
        var status = solver.Solve(ilp.Model);
        Assert.Equal(CpSolverStatus.Optimal, status);
        var slack = (instance.ActiveExperts.Sum(e => e.Prompts + 1L) + 1) / (double)IlpModel.Scale;
        return (solver.ObjectiveValue / IlpModel.Scale, slack);
    }

    // Speeds 2 and 1. a: ℓ 10, T̂ 40, R^max 2; b: ℓ 5, T̂ 10, R^max 2, longest prompt 6 s.
    private static readonly SchedulingInstance TwoSpeeds = new(
        "two-speeds",
        [
            new ExpertSpec("a", ExpertKind.Reasoning, 10, 1, 40),
            new ExpertSpec("idle", ExpertKind.Reasoning, 1000, 1000, 0),
            new ExpertSpec("b", ExpertKind.Instruct, 5, 2, 5, LongestPromptSeconds: 6),
        ],
        [new WorkerSpec("slow", Speed: 1), new WorkerSpec("fast", Speed: 2)],
        2);

    [Fact]
    public void For_ClassicTerms_AreTheDocumentedFormulas()
    {
        var bound = LowerBound.For(TwoSpeeds);

        // LB_work = (ΣT̂ + s_min·Σℓ) / Σs = (50 + 15) / 3; an expert without prompts counts for nothing.
        Assert.Equal(65 / 3.0, bound.WorkSeconds, 9);
        // LB_expert = max(10 + 40 / (2 + 1), 5 + 10 / 3).
        Assert.Equal(10 + 40 / 3.0, bound.ExpertSeconds, 9);
        // LB_job = max(10 + 1 / 2, 5 + 6 / 2): one prompt on the fastest worker.
        Assert.Equal(10.5, bound.JobSeconds, 9);
    }

    [Fact]
    public void For_ReplicaTerm_PaysOneLoadPerReplicaTheMakespanForces()
    {
        // By C < 20, a needs ⌈40 / (2·(C − 10))⌉ ≥ 2 replicas; with b's one, ΣT̂ + s_min·(2·10 + 5) = 75 ≤ 3·C gives 25.
        var bound = LowerBound.For(TwoSpeeds);

        Assert.Equal(25, bound.ReplicaSeconds, 6);
        Assert.Equal(bound.ReplicaSeconds, bound.ClassicSeconds);
        Assert.True(bound.Seconds >= 25 - 1e-6);
    }

    [Fact]
    public void For_ReplicaTerm_WithOneModelPerWorker_MustFitInTwoReplicas()
    {
        // K = 1 leaves two model slots: a gets one replica, which needs 40 / (2·(C − 10)) ≤ 1, so C ≥ 30.
        var bound = LowerBound.For(TwoSpeeds with { MaxModelsPerWorker = 1 });

        Assert.Equal(30, bound.ReplicaSeconds, 6);
    }

    [Fact]
    public void For_ReplicaTerm_IsTheFloorWhenTheFloorIsAlreadyFeasible()
    {
        // One expert, one worker: a single replica and LB_expert = ℓ + T̂ is reachable, so LB_replica equals it.
        var single = new SchedulingInstance("single", [new ExpertSpec("a", ExpertKind.Reasoning, 10, 1, 40)], [new WorkerSpec("w")], 1);

        var bound = LowerBound.For(single);

        Assert.Equal(50, bound.ExpertSeconds, 9);
        Assert.Equal(50, bound.ReplicaSeconds, 9);
        Assert.Equal(50, bound.Seconds, 9);
    }

    [Fact]
    public void For_AllLoadsAndWorkZero_IsZero()
    {
        var free = new SchedulingInstance("free", [new ExpertSpec("a", ExpertKind.Instruct, 0, 0, 3)], [new WorkerSpec("w")], 1);

        var bound = LowerBound.For(free);

        Assert.Equal(0, bound.ClassicSeconds, 6);
    }

    [Theory]
    [InlineData(9, 1, 2, 3, 0, 9)]
    [InlineData(1, 9, 2, 3, 0, 9)]
    [InlineData(1, 2, 9, 3, 0, 9)]
    [InlineData(1, 2, 3, 9, 0, 9)]
    public void ClassicSeconds_IsTheLargestOfTheFourClassicTerms(double work, double expert, double job, double replica, double configuration, double expected)
    {
        var bound = new LowerBound(work, expert, job, replica, configuration);

        Assert.Equal(expected, bound.ClassicSeconds);
        Assert.Equal(expected, bound.Seconds);
    }

    [Fact]
    public void Seconds_TakesTheConfigurationTermWhenItIsLarger()
    {
        Assert.Equal(12, new LowerBound(1, 2, 3, 4, 12).Seconds);
        Assert.Equal(4, new LowerBound(1, 2, 3, 4, 12).ClassicSeconds);
    }

    [Fact]
    public void For_MemoryKeepsAnExpertOffSmallWorkers_TheConfigurationTermRises()
    {
        // Two equal experts of 30 s on two workers, K = 2; with memory, both must go on the one 80 GB worker.
        var instance = new SchedulingInstance(
            "memory",
            [new ExpertSpec("a", ExpertKind.Reasoning, 0, 1, 30, MemoryGb: 60), new ExpertSpec("b", ExpertKind.Reasoning, 0, 1, 30, MemoryGb: 60)],
            [new WorkerSpec("big", MemoryGb: 80), new WorkerSpec("small", MemoryGb: 40)],
            2);

        var off = LowerBound.For(instance);
        var fitEach = LowerBound.For(instance, MemoryConstraint.FitEach);

        Assert.Equal(30, off.Seconds, 6);
        Assert.InRange(fitEach.Seconds, 59.9, 60 + 1e-6);
        Assert.Equal(off.ClassicSeconds, fitEach.ClassicSeconds);
    }

    [Fact]
    public void For_ExpertExactlyTheSizeOfAWorker_FitsOnIt()
    {
        var instance = new SchedulingInstance(
            "exact",
            [new ExpertSpec("a", ExpertKind.Reasoning, 0, 1, 30, MemoryGb: 80)],
            [new WorkerSpec("w", MemoryGb: 80)],
            1);

        var bound = LowerBound.For(instance, MemoryConstraint.FitEach);

        Assert.InRange(bound.Seconds, 30 - 1e-6, 30.1);
    }

    [Fact]
    public void For_ExpertTermOfASingleReplicaExpert_UsesTheFastestWorkerOnly()
    {
        // R^max = ⌊15 / 10⌋ = 1: however many workers, the expert runs on one, at best the fastest.
        var instance = new SchedulingInstance(
            "one-replica",
            [new ExpertSpec("a", ExpertKind.Reasoning, 10, 1, 15)],
            [new WorkerSpec("w0"), new WorkerSpec("w1", Speed: 3), new WorkerSpec("w2", Speed: 2)],
            1);

        Assert.Equal(10 + 15 / 3.0, LowerBound.For(instance).ExpertSeconds, 9);
    }

    [Fact]
    public void For_ReplicaAndConfigurationTerms_StartFromTheLargestClassicTerm()
    {
        // The longest prompt (50 s) sets LB_job; the replica count alone would allow 5 s.
        var instance = new SchedulingInstance(
            "long-prompt",
            [new ExpertSpec("a", ExpertKind.Reasoning, 0, 1, 10, LongestPromptSeconds: 50)],
            [new WorkerSpec("w0"), new WorkerSpec("w1")],
            1);

        var bound = LowerBound.For(instance);

        Assert.Equal(50, bound.JobSeconds, 9);
        Assert.Equal(50, bound.ReplicaSeconds, 9);
        Assert.True(bound.ConfigurationSeconds >= 50 - 1e-6, $"configuration {bound.ConfigurationSeconds}");
    }

    [Fact]
    public void For_ReplicaTerm_FarAboveTheFloor_IsFoundByDoublingThenBisection()
    {
        // K = 1 on three workers: every expert gets one replica, so a's 300 s run alone sets the bound, three times
        // LB_expert (300 / 3).
        var instance = new SchedulingInstance(
            "one-slot-each",
            [new ExpertSpec("a", ExpertKind.Reasoning, 0, 1, 300), new ExpertSpec("b", ExpertKind.Instruct, 0, 1, 1), new ExpertSpec("c", ExpertKind.Instruct, 0, 1, 1)],
            [new WorkerSpec("w0"), new WorkerSpec("w1"), new WorkerSpec("w2")],
            1);

        var bound = LowerBound.For(instance);

        Assert.Equal(100, bound.ExpertSeconds, 9);
        Assert.Equal(300, bound.ReplicaSeconds, 5);
    }

    [Fact]
    public void For_ReplicaTerm_NoMakespanEnoughForTheSlots_FallsBackToTheFloor()
    {
        // Not validated: three experts cannot share one model slot at any makespan, so LB_replica stays at the floor.
        var crowded = new SchedulingInstance(
            "crowded",
            [new ExpertSpec("a", ExpertKind.Reasoning, 1, 1, 5), new ExpertSpec("b", ExpertKind.Reasoning, 1, 1, 5), new ExpertSpec("c", ExpertKind.Reasoning, 1, 1, 5)],
            [new WorkerSpec("w")],
            1);

        var bound = LowerBound.For(crowded);

        Assert.Equal(Math.Max(bound.WorkSeconds, Math.Max(bound.ExpertSeconds, bound.JobSeconds)), bound.ReplicaSeconds, 9);
    }

    private static (SchedulingInstance, IlpOptions) Build(
        int workers, (int Load, int CentiCost, int Prompts, int Memory)[] experts, int extraK, int variant, int[] speeds)
    {
        var active = experts.Count(e => e.Prompts > 0);
        var k = (active + workers - 1) / workers + extraK;
        var memory = variant == 2;
        var specs = experts.Select((e, m) => new ExpertSpec(
            $"e{m}", m % 2 == 0 ? ExpertKind.Reasoning : ExpertKind.Instruct, e.Load, e.CentiCost / 100.0, e.Prompts,
            MemoryGb: memory ? 20 + 20 * e.Memory : null)).ToArray();

        // With memory, even workers have 80 GB and hold every expert; odd workers have 40 GB.
        var workerSpecs = Enumerable.Range(0, workers).Select(n => new WorkerSpec(
            $"w{n}", memory ? (n % 2 == 0 ? 80 : 40) : null, variant == 1 ? 1 + 0.5 * speeds[n] : 1)).ToArray();
        var options = new IlpOptions
        {
            HeterogeneousWorkers = variant == 1,
            Memory = memory ? MemoryConstraint.FitEach : MemoryConstraint.Off,
        };
        return (new SchedulingInstance("k-bound", specs, workerSpecs, Math.Max(1, k)).Validate(), options);
    }

    /// <summary>Whether the 60 GB experts fit in the model slots of the 80 GB workers (the rest fit anywhere).</summary>
    private static bool FitsSomewhere(int workers, (int Load, int CentiCost, int Prompts, int Memory)[] experts, int extraK)
    {
        var active = experts.Count(e => e.Prompts > 0);
        var k = Math.Max(1, (active + workers - 1) / workers + extraK);
        return experts.Count(e => e.Prompts > 0 && e.Memory == 2) <= k * ((workers + 1) / 2);
    }

    private static string Describe(SchedulingInstance instance, IlpOptions options) =>
        $"K={instance.MaxModelsPerWorker} heterogeneous={options.HeterogeneousWorkers} memory={options.Memory} workers=["
        + string.Join(", ", instance.Workers.Select(w => $"{w.Speed}x/{w.MemoryGb}GB")) + "] experts=["
        + string.Join(", ", instance.Experts.Select(e => $"{e.LoadSeconds}+{e.PerPromptSeconds}x{e.Prompts}/{e.MemoryGb}GB")) + "]";
}
