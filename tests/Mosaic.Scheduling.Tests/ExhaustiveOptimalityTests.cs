using CsCheck;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling.Tests;

/// <summary>Checks the ILP against a brute-force search over every count matrix on tiny instances.</summary>
public sealed class ExhaustiveOptimalityTests
{
    private static readonly Gen<SchedulingInstance> Tiny =
        from workers in Gen.Int[1, 3]
        from experts in Gen.Select(Gen.Int[0, 30], Gen.Int[1, 40], Gen.Int[1, 5]).Array[1, 3]
        from k in Gen.Int[1, 3]
        where (long)k * workers >= experts.Length
        select new SchedulingInstance(
            "tiny",
            experts.Select((e, m) => new ExpertSpec($"e{m}", ExpertKind.Instruct, e.Item1, e.Item2 / 4.0, e.Item3)).ToArray(),
            Enumerable.Range(0, workers).Select(n => new WorkerSpec($"w{n}")).ToArray(),
            k);

    [Fact]
    public void Ilp_MatchesBruteForceOptimum()
    {
        Tiny.Sample(instance =>
        {
            var plan = new MosaicIlpScheduler(new IlpOptions { TimeLimit = TimeSpan.FromSeconds(10) }).Plan(instance);

            Assert.Equal(PlanStatus.Optimal, plan.Status);
            Assert.Equal(BruteForceOptimum(instance), plan.MakespanSeconds, 6);
        }, iter: 80);
    }

    private static double BruteForceOptimum(SchedulingInstance instance)
    {
        var experts = instance.ActiveExperts;
        var workers = instance.Workers.Count;
        var splits = experts.Select(e => Compositions(e.Prompts, workers)
            .Where(c => c.Count(x => x > 0) <= CostModel.ReplicaCap(e, workers)).ToArray()).ToArray();

        var best = double.PositiveInfinity;
        var chosen = new int[experts.Count][];

        void Search(int m)
        {
            if (m == experts.Count)
            {
                var makespan = 0.0;
                for (var n = 0; n < workers; n++)
                {
                    var models = 0;
                    var time = 0.0;
                    for (var e = 0; e < experts.Count; e++)
                    {
                        if (chosen[e][n] > 0)
                        {
                            models++;
                            time += experts[e].LoadSeconds + experts[e].PerPromptSeconds * chosen[e][n];
                        }
                    }

                    if (models > instance.MaxModelsPerWorker)
                    {
                        return;
                    }

                    makespan = Math.Max(makespan, time);
                }

                best = Math.Min(best, makespan);
                return;
            }

            foreach (var split in splits[m])
            {
                chosen[m] = split;
                Search(m + 1);
            }
        }

        Search(0);
        return best;
    }

    private static IEnumerable<int[]> Compositions(int total, int parts)
    {
        if (parts == 1)
        {
            yield return [total];
            yield break;
        }

        for (var first = 0; first <= total; first++)
        {
            foreach (var rest in Compositions(total - first, parts - 1))
            {
                yield return [first, .. rest];
            }
        }
    }
}
