using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mosaic.Inference;
using Mosaic.Inference.Profiling;
using Mosaic.Routing;
using Mosaic.Scheduling.Profiling;
using Mosaic.Zoo;
using Mosaic.Zoo.Tasks;
using Mosaic.Zoo.Workload;

namespace Mosaic.Hosting;

/// <summary>
/// Measures the zoo's CPU profiles the way the demo's workers run: every model on the prompts it is routed in the
/// workload — the calibration split routed by the workload's router (never the test split the demo answers), each
/// slot one call, in the model's own prompt format; the aggregator on those questions with the experts' own responses
/// — in sessions submitted at once to a continuous-batching engine of the worker's batch width, one intra-op thread
/// per model and <see cref="ZooProfileOptions.Parallel"/> models at a time. Writes <c>profile.json</c> beside each
/// model's weights (the pool reads it from there) with how it was measured.
/// </summary>
public static class ZooProfiling
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <param name="log">Steps worth a line (the direct pass for the aggregator's prompts).</param>
    /// <param name="measured">Each model's profile as soon as it is measured (from a worker thread).</param>
    public static ZooProfileReport Run(string directory, ZooProfileOptions? options = null, Action<string>? log = null, Action<ExpertProfile>? measured = null)
    {
        options ??= new ZooProfileOptions();
        options.Validate();
        var manifest = ZooManifest.Load(directory);
        var names = (options.Only ?? ZooCatalog.All.Select(s => s.Name).ToArray()).Select(n => ZooCatalog.Find(n).Name).Distinct().ToArray();
        var before = MachineLoad.OneMinute();
        var clock = Stopwatch.StartNew();
        TorchRuntime.Threads = options.ThreadsPerModel;

        var routed = ZooWorkload.Route(manifest, ZooDataset.Default.Calibration, ZooWorkload.DefaultRouter);
        var inputs = names.Where(n => n != ZooCatalog.Aggregator.Name).ToDictionary(n => n, n => ExpertInputs(n, routed), StringComparer.Ordinal);
        if (names.Contains(ZooCatalog.Aggregator.Name))
        {
            log?.Invoke($"answering {routed.Count} routed calibration questions with the experts for the aggregator's prompts");
            inputs[ZooCatalog.Aggregator.Name] = AggregatorInputs(directory, routed);
        }

        // Heaviest first, so the pool stays full: reasoning experts, then the rest.
        var order = names.OrderBy(n => ZooCatalog.Find(n).Kind == Zoo.ExpertKind.Reasoning ? 0 : 1).ThenBy(n => Array.IndexOf(names, n)).ToArray();
        var profiles = InParallel(order, options.Parallel, name =>
        {
            var profile = Measure(directory, name, inputs[name], options);
            measured?.Invoke(profile);
            return profile;
        });

        var after = MachineLoad.OneMinute();
        var report = new ZooProfileReport(
            order.Select(n => profiles[n]).ToArray(),
            order.ToDictionary(n => n, n => inputs[n].Count, StringComparer.Ordinal),
            options.SessionSizes, options.Repeats, options.Parallel, options.ThreadsPerModel, options.MaxBatchSize, before, after,
            Math.Round(clock.Elapsed.TotalSeconds, 1));
        foreach (var name in order)
        {
            Write(ZooPool.ProfilePath(directory, name), profiles[name], report, inputs[name].Count);
        }

        return report;
    }

    /// <summary>The expert's routed calibration calls (one per slot), each written in its prompt format.</summary>
    internal static IReadOnlyList<string> ExpertInputs(string expert, IReadOnlyList<RoutedQuestion> routed) =>
        routed.SelectMany(q => q.Experts.Where(e => e == expert).Select(_ => ZooPrompts.Expert(q.Text))).ToArray();

    private static IReadOnlyList<string> AggregatorInputs(string directory, IReadOnlyList<RoutedQuestion> routed)
    {
        var direct = ZooDirect.Run(directory, routed);
        using var aggregator = ZooModel.Load(directory, ZooCatalog.Aggregator.Name);
        return routed.Select((q, i) => aggregator.Prompt.Format(ZooPrompts.Messages(
            ZooPrompts.FitAggregator(aggregator, q.Text, direct[i].ExpertTexts, ZooCatalog.Aggregator.MaxNewTokens)))).ToArray();
    }

    private static ExpertProfile Measure(string directory, string name, IReadOnlyList<string> inputs, ZooProfileOptions options)
    {
        var spec = ZooCatalog.Find(name);
        var measured = InferenceProfiler.ProfileInputs(
            () => ZooModel.Load(directory, name), _ => inputs, SweepOptions(name, options));
        return ExpertProfiles.Fit(name, ZooPool.Kind(spec.Kind), measured) with { MemoryGb = null };
    }

    /// <summary>
    /// The engine one model is measured on: the batch width, context and generation limit a demo worker's engine gets
    /// for it from <see cref="ZooPool.Options"/> (tests hold the two to each other).
    /// </summary>
    public static ProfileOptions SweepOptions(string name, ZooProfileOptions options)
    {
        var spec = ZooCatalog.Find(name);
        return new ProfileOptions
        {
            BatchSizes = options.SessionSizes,
            MaxNewTokens = spec.MaxNewTokens,
            MaxBatchSize = options.MaxBatchSize,
            ContextTokens = ZooPool.ContextTokens(spec.Kind),
            Repeats = options.Repeats,
        };
    }

    /// <summary>The profile the planner reads, plus a <c>measured</c> object saying how (the planner ignores it).</summary>
    private static void Write(string path, ExpertProfile profile, ZooProfileReport report, int prompts)
    {
        var node = JsonSerializer.SerializeToNode(profile)!.AsObject();
        node["measured"] = new JsonObject
        {
            ["command"] = "mosaic zoo profile",
            ["calibration"] = "calibration split routed by the workload's router (k = 3 with replacement, temperature 0.75, seed 2026)",
            ["calibration_prompts"] = prompts,
            ["session_sizes"] = JsonSerializer.SerializeToNode(report.SessionSizes),
            ["repeats"] = report.Repeats,
            ["parallel_models"] = report.Parallel,
            ["threads_per_model"] = report.Threads,
            ["max_batch_size"] = report.MaxBatchSize,
            ["device"] = "cpu",
            ["cores"] = Environment.ProcessorCount,
            ["load_average_before"] = report.LoadAverageBefore,
            ["load_average_after"] = report.LoadAverageAfter,
        };
        File.WriteAllText(path, node.ToJsonString(Indented) + "\n");
    }

    private static Dictionary<string, ExpertProfile> InParallel(IReadOnlyList<string> names, int parallel, Func<string, ExpertProfile> measure)
    {
        var results = new System.Collections.Concurrent.ConcurrentDictionary<string, ExpertProfile>(StringComparer.Ordinal);
        var next = -1;
        Exception? failure = null;
        var threads = Enumerable.Range(0, Math.Min(parallel, names.Count)).Select(_ => new Thread(() =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < names.Count && Volatile.Read(ref failure) is null)
            {
                try
                {
                    results[names[index]] = measure(names[index]);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                }
            }
        }) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return failure is null ? new Dictionary<string, ExpertProfile>(results, StringComparer.Ordinal) : throw new InvalidOperationException(failure.Message, failure);
    }
}
