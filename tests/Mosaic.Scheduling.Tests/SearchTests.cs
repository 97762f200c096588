using CsCheck;
using Mosaic.Scheduling.Baselines;
using Mosaic.Scheduling.Instances;
using Mosaic.Scheduling.Planning;
using Mosaic.Scheduling.Planning.Search;

namespace Mosaic.Scheduling.Tests;

/// <summary>The warm starts and searches behind the ILP, each on its own and without a clock.</summary>
public sealed class SearchTests
{
    [Theory]
    [InlineData(20, 16)]
    [InlineData(20, 64)]
    [InlineData(50, 16)]
    [InlineData(50, 64)]
    public void Packing_PaperShapedInstances_LandsWithinFivePercentOfTheBound(int experts, int workers)
    {
        var instance = SyntheticInstanceGenerator.Generate(experts, workers, seed: experts * 1000 + workers);
        var problem = new PlanningProblem(instance, new IlpOptions());
        var bound = LowerBound.For(instance).Seconds;

        var packed = PackingPlanner.Plan(problem, bound, double.PositiveInfinity, Deadline.None);

        Assert.NotNull(packed);
        Assert.True(packed.IsComplete());
        Assert.InRange(packed.Makespan, bound, 1.05 * bound);
        Assert.True(packed.Makespan < new LptScheduler().Plan(instance).MakespanSeconds);
    }

    [Fact]
    public void Packing_WithKTwo_PairsEachLightExpertWithASliceOfAHeavyOne()
    {
        // Four light experts and one heavy one on four workers, K = 2: the fluid optimum puts one light expert and a
        // quarter of the heavy one on each worker.
        var instance = new SchedulingInstance(
            "pairing",
            [
                new ExpertSpec("heavy", ExpertKind.Reasoning, 40, 2, 800),
                .. Enumerable.Range(0, 4).Select(i => new ExpertSpec($"light{i}", ExpertKind.Instruct, 40, 0.1, 300 + 100 * i)),
            ],
            Enumerable.Range(0, 4).Select(n => new WorkerSpec($"w{n}")).ToArray(),
            2).Validate();
        var problem = new PlanningProblem(instance, new IlpOptions());

        var packed = PackingPlanner.Plan(problem, LowerBound.For(instance).Seconds, double.PositiveInfinity, Deadline.None)!;

        for (var n = 0; n < 4; n++)
        {
            Assert.True(packed.Count(0, n) > 0, $"worker {n} has no slice of the heavy expert");
            Assert.Equal(2, packed.Hosted(n));
        }
    }

    [Fact]
    public void LocalSearch_NeverWorsensAndKeepsEveryConstraint()
    {
        InstanceGenerators.Small.Sample(instance =>
        {
            var problem = new PlanningProblem(instance, new IlpOptions());
            var start = new CountPlan(problem, PlanCounts.Of(new LptScheduler().Plan(instance), instance));

            var improved = LocalSearch.Improve(start, Deadline.None);

            Assert.True(improved.IsComplete());
            Assert.True(improved.Makespan <= start.Makespan + 1e-9);
        }, iter: 100);
    }

    [Fact]
    public void LocalSearch_RelievesABusiestWorkerThroughAnotherReplica()
    {
        var instance = new SchedulingInstance(
            "relieve",
            [new ExpertSpec("a", ExpertKind.Reasoning, 10, 1, 100), new ExpertSpec("b", ExpertKind.Reasoning, 10, 1, 20)],
            [new WorkerSpec("w0"), new WorkerSpec("w1")],
            2).Validate();
        var problem = new PlanningProblem(instance, new IlpOptions());
        var start = new CountPlan(problem, new[,] { { 90, 10 }, { 0, 20 } });

        var improved = LocalSearch.Improve(start, Deadline.None);

        // 120 s of work and three loads over two workers: 75 s each, expert a split 65 / 35.
        Assert.Equal(75, improved.Makespan, 6);
        Assert.Equal(65, improved.Count(0, 0));
    }

    [Fact]
    public void NeighbourhoodSearch_WithMemory_ImprovesAWholeExpertPlacementAndKeepsEveryConstraint()
    {
        var instance = SyntheticInstanceGenerator.Generate(12, 8, seed: 3);
        instance = instance with
        {
            Experts = instance.Experts.Select((e, m) => e with { MemoryGb = m % 3 == 1 ? 60 : 20 }).ToArray(),
            Workers = instance.Workers.Select((w, n) => w with { MemoryGb = n % 2 == 0 ? 80 : 40 }).ToArray(),
        };
        var options = new IlpOptions { Memory = MemoryConstraint.FitEach };
        var problem = new PlanningProblem(instance.Validate(), options);
        var sizes = Enumerable.Range(0, problem.ExpertCount).Select(m => problem.SessionSeconds(m, 0, problem.Prompts[m])).ToArray();
        var owner = SlotMatching.Assign(problem.ExpertCount, problem.WorkerCount, problem.Fits, problem.MaxModels, sizes)!;
        var start = new CountPlan(problem);
        for (var m = 0; m < problem.ExpertCount; m++)
        {
            start.Add(m, owner[m], problem.Prompts[m]);
        }

        var improved = new NeighbourhoodSearch(problem, seed: 1).Improve(start, LowerBound.For(instance).Seconds, TimeSpan.FromSeconds(10));

        Assert.True(improved.IsComplete());
        Assert.True(improved.Makespan < 0.9 * start.Makespan, $"{improved.Makespan} vs {start.Makespan}");
        for (var m = 0; m < problem.ExpertCount; m++)
        {
            for (var n = 0; n < problem.WorkerCount; n++)
            {
                Assert.True(improved.Count(m, n) == 0 || problem.Fits(m, n));
            }
        }
    }

    [Fact]
    public void SlotMatching_FindsAPlacementExactlyWhenOneExists()
    {
        var gen =
            from experts in Gen.Int[1, 6]
            from workers in Gen.Int[1, 4]
            from k in Gen.Int[1, 3]
            from fits in Gen.Bool.Array[experts * workers]
            select (experts, workers, k, fits);
        gen.Sample(t =>
        {
            var (experts, workers, k, fits) = t;
            bool Fits(int m, int n) => fits[m * workers + n];

            var owner = SlotMatching.Assign(experts, workers, Fits, k, new double[experts]);

            Assert.Equal(BruteForceExists(experts, workers, Fits, k), owner is not null);
            if (owner is not null)
            {
                Assert.All(Enumerable.Range(0, experts), m => Assert.True(Fits(m, owner[m])));
                Assert.All(owner.GroupBy(n => n), g => Assert.True(g.Count() <= k));
            }
        }, iter: 300);
    }

    private static bool BruteForceExists(int experts, int workers, Func<int, int, bool> fits, int k)
    {
        var load = new int[workers];
        bool Place(int m)
        {
            if (m == experts)
            {
                return true;
            }

            for (var n = 0; n < workers; n++)
            {
                if (fits(m, n) && load[n] < k)
                {
                    load[n]++;
                    if (Place(m + 1))
                    {
                        return true;
                    }

                    load[n]--;
                }
            }

            return false;
        }

        return Place(0);
    }
}
