using Mosaic.Scheduling;
using Mosaic.Scheduling.Baselines;
using Mosaic.Scheduling.Instances;
using Mosaic.Scheduling.Planning;
using Mosaic.Scheduling.Simulation;

namespace Mosaic.Cli.Benchmarks;

/// <summary>
/// The scheduling benchmark: every scheduler on the paper instances (with the median ILP solve time over repeated
/// solves and a simulated run on a seeded synthetic trace), then the ILP on synthetic instances of growing size, each
/// against restricted LPT and the K-aware lower bound.
/// </summary>
internal static class SchedulingBenchmark
{
    private static readonly IReadOnlyDictionary<string, double> PaperSpeedups = new Dictionary<string, double>
    {
        ["paper:mmlu-pro"] = 1.69, ["paper:medmcqa"] = 1.53, ["paper:gpqa"] = 2.54,
    };

    /// <summary>Runs the benchmark, telling <paramref name="paperDone"/> and <paramref name="scalingDone"/> of each row as it is finished.</summary>
    public static SchedulingBenchmarkReport Run(
        int repeats, TimeSpan scalingLimit, int searchWorkers, IReadOnlyList<int> expertCounts, IReadOnlyList<int> workerCounts,
        Action<PaperRow>? paperDone = null, Action<ScalingRow>? scalingDone = null)
    {
        var paper = PaperInstances.Names.Select(name => Done(PaperRow(PaperInstances.Get(name), repeats), paperDone)).ToArray();
        var options = new IlpOptions { TimeLimit = scalingLimit, SearchWorkers = searchWorkers };
        var scaling = expertCounts.SelectMany(m => workerCounts.Select(n => Done(ScalingRow(m, n, options), scalingDone))).ToArray();
        return new SchedulingBenchmarkReport(paper, scalingLimit.TotalMilliseconds, scaling);
    }

    private static PaperRow PaperRow(SchedulingInstance instance, int repeats)
    {
        var bound = LowerBound.For(instance).Seconds;
        var roundRobin = new RoundRobinScheduler().Plan(instance);
        var dataParallel = new DataParallelScheduler().Plan(instance);
        var lpt = new LptScheduler().Plan(instance);
        var solves = Enumerable.Range(0, Math.Max(1, repeats)).Select(_ => new MosaicIlpScheduler().Plan(instance)).ToArray();
        var mosaic = solves[^1];
        var median = solves.Select(p => p.SolveTime.TotalMilliseconds).Order().ElementAt(solves.Length / 2);

        var trace = new SyntheticTraceGenerator(seed: 0).Generate(instance);
        var simulated = PlanSimulator.Run(roundRobin, instance, trace).MakespanSeconds / PlanSimulator.Run(mosaic, instance, trace).MakespanSeconds;

        return new PaperRow(
            instance.Name, R(bound), R(roundRobin.MakespanSeconds), R(dataParallel.MakespanSeconds), R(lpt.MakespanSeconds),
            R(mosaic.MakespanSeconds), Status(mosaic), R4(mosaic.MakespanSeconds / bound - 1), R4(roundRobin.MakespanSeconds / mosaic.MakespanSeconds),
            PaperSpeedups[instance.Name], R4(roundRobin.MakespanSeconds / bound), Math.Round(median, 2), R4(simulated));
    }

    private static ScalingRow ScalingRow(int experts, int workers, IlpOptions options)
    {
        var instance = SyntheticInstanceGenerator.Generate(experts, workers, seed: experts * 1000 + workers);
        var bound = LowerBound.For(instance);
        var lpt = new LptScheduler().Plan(instance);
        var mosaic = new MosaicIlpScheduler(options).Plan(instance);
        return new ScalingRow(
            experts, workers, instance.MaxModelsPerWorker, Status(mosaic), R(mosaic.MakespanSeconds), R(lpt.MakespanSeconds), R(bound.Seconds), R(bound.ClassicSeconds),
            R4(mosaic.MakespanSeconds / bound.Seconds - 1), R4(mosaic.MakespanSeconds / lpt.MakespanSeconds), Math.Round(mosaic.SolveTime.TotalMilliseconds, 1),
            mosaic.BestBoundSeconds is { } proven ? R(proven) : null);
    }

    private static T Done<T>(T row, Action<T>? done)
    {
        done?.Invoke(row);
        return row;
    }

    private static string Status(SchedulePlan plan) => plan.Status.ToString().ToLowerInvariant();

    private static double R(double value) => Math.Round(value, 2);

    private static double R4(double value) => Math.Round(value, 4);
}
