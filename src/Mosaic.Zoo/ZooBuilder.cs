using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Mosaic.Inference;
using Mosaic.Zoo.Evaluation;
using Mosaic.Zoo.Tasks;
using Mosaic.Zoo.Training;

namespace Mosaic.Zoo;

/// <summary>
/// Trains, saves and measures zoo models. Each worker is a dedicated thread running one model at a time with one
/// intra-op thread, so models train in parallel and each stays bit-for-bit deterministic.
/// </summary>
public static class ZooBuilder
{
    public static ZooManifest Build(string directory, IReadOnlyCollection<string>? only = null, int workers = 2, Action<string>? log = null)
    {
        var clock = Stopwatch.StartNew();
        TorchRuntime.Threads = 1;
        var data = ZooDataset.Default;
        var specs = ZooCatalog.All.Where(s => only is null || only.Count == 0 || only.Contains(s.Name)).ToList();
        var unknown = only?.Where(n => ZooCatalog.All.All(s => s.Name != n)).ToList() ?? [];
        if (unknown.Count > 0)
        {
            throw new ZooException($"unknown zoo model '{unknown[0]}' (expected one of: {string.Join(", ", ZooCatalog.All.Select(s => s.Name))})");
        }

        // Experts first (longest first so the two workers finish close together); the aggregator learns from them.
        var queue = new ConcurrentQueue<ExpertSpec>(specs.Where(s => s.Kind != ExpertKind.Aggregator).OrderByDescending(Cost));
        var entries = new ConcurrentDictionary<string, ManifestEntry>();
        var failures = new ConcurrentQueue<Exception>();
        var attempts = new ConcurrentDictionary<string, int>();
        var threads = Enumerable.Range(0, Math.Max(1, workers)).Select(i => new Thread(() =>
        {
            while (failures.IsEmpty && queue.TryDequeue(out var spec))
            {
                try
                {
                    entries[spec.Name] = BuildOne(spec, directory, data, log);
                }
                catch (Exception e)
                {
                    // Training is deterministic, so a retry gives the same model; it only guards against a
                    // transient fault (the error is logged either way). A file that cannot be written stays so.
                    log?.Invoke($"{spec.Name}: failed: {e.GetType().Name}: {e.Message}");
                    if (e is not (IOException or UnauthorizedAccessException) && attempts.AddOrUpdate(spec.Name, 1, (_, n) => n + 1) < 2)
                    {
                        queue.Enqueue(spec);
                    }
                    else
                    {
                        failures.Enqueue(e);
                    }
                }
            }
        }) { Name = $"zoo-train-{i}", IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (failures.TryDequeue(out var failure))
        {
            if (failure is IOException or UnauthorizedAccessException)
            {
                ExceptionDispatchInfo.Throw(failure); // the machine's fault (a full disk, a read-only folder), not training's
            }

            throw new InvalidOperationException($"training failed: {failure.Message}", failure);
        }

        var previous = File.Exists(Path.Combine(directory, ZooManifest.FileName)) ? ZooManifest.Load(directory) : null;
        ManifestEntry? Pick(string name) => entries.TryGetValue(name, out var e) ? e : previous?.All.FirstOrDefault(p => p.Name == name);
        if (specs.Contains(ZooCatalog.Aggregator))
        {
            var profiles = ZooCatalog.Experts.Select(s => Pick(s.Name) ?? throw new ZooException($"the aggregator needs every expert; '{s.Name}' is missing")).ToList();
            var profile = Workload.ZooWorkload.Profile(profiles);
            var examples = AggregatorData.Build(directory, profile, data, ZooCatalog.Aggregator, ZooCatalog.AggregatorQuestions, log);
            entries[ZooCatalog.Aggregator.Name] = BuildOne(ZooCatalog.Aggregator, directory, data, log, AggregatorData.Cycle(examples, ZooCatalog.Aggregator.Seed));
        }

        var experts = ZooCatalog.Experts.Select(s => Pick(s.Name)).ToList();
        var aggregator = Pick(ZooCatalog.Aggregator.Name);
        var manifest = new ZooManifest(1, "char", data.Test.Count, data.Calibration.Count, Math.Round(clock.Elapsed.TotalSeconds, 1),
            experts.Where(e => e is not null).Select(e => e!).ToList(), aggregator!);
        if (experts.All(e => e is not null) && aggregator is not null)
        {
            manifest.Save(directory);
        }

        return manifest;
    }

    internal static ManifestEntry BuildOne(ExpertSpec spec, string directory, ZooDataset data, Action<string>? log, IEnumerable<TrainingExample>? examples = null)
    {
        var run = ExpertTrainer.Train(spec, data, log, examples: examples);
        var folder = Path.Combine(directory, spec.Name);
        CheckpointWriter.Save(run.Model, folder, ZooPrompts.For(spec.Kind));
        run.Model.Dispose();
        using var model = LanguageModel.Load(folder, new ModelLoadOptions { Device = InferenceDevice.Cpu });
        var test = Evaluate(spec, model, data.Test);
        var calibration = spec.Kind == ExpertKind.Aggregator ? test.Accuracy : Evaluate(spec, model, data.Calibration).Accuracy;
        log?.Invoke($"{spec.Name}: trained in {run.Elapsed.TotalSeconds:F0} s, accuracy {string.Join(" ", test.Accuracy.Select(a => $"{a.Key}={a.Value:P0}"))}, {test.MeanOutputTokens:F1} tokens");
        return new ManifestEntry(spec.Name, test.Kind, "llama", spec.Hidden, spec.Layers, spec.Heads, spec.Intermediate, test.Params,
            spec.Seed, spec.Steps, spec.BatchSize, spec.LearningRate, spec.Skills,
            Math.Round(run.Losses.Skip(Math.Max(0, run.Losses.Count - 50)).Average(), 5), Math.Round(run.Elapsed.TotalSeconds, 1),
            test.MeanOutputTokens, test.Accuracy, calibration, CheckAccuracy(test, data.Test));
    }

    /// <summary>Accuracy per skill on the check subset, read from a full test evaluation.</summary>
    internal static IReadOnlyDictionary<string, double> CheckAccuracy(ExpertEvaluation test, IReadOnlyList<SkillQuestion> questions) =>
        Evaluation.ZooEvaluation.Subset(questions, ManifestEntry.CheckEveryNth)
            .GroupBy(q => q.Skill)
            .ToDictionary(g => g.Key, g => Math.Round(g.Average(q => ZooEvaluator.IsCorrect(test.Responses[q.Id], q.Answer) ? 1.0 : 0.0), 4));

    internal static ExpertEvaluation Evaluate(ExpertSpec spec, LanguageModel model, IReadOnlyList<SkillQuestion> questions) =>
        spec.Kind == ExpertKind.Aggregator ? ZooEvaluator.Aggregator(spec, model, questions) : ZooEvaluator.Expert(spec, model, questions);

    private static double Cost(ExpertSpec spec) =>
        (double)spec.Steps * spec.BatchSize * spec.Hidden * spec.Hidden * spec.Layers * (spec.Kind switch { ExpertKind.Aggregator => 8, ExpertKind.Reasoning => 5, _ => 1 });
}
