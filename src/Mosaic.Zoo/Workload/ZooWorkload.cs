using System.Runtime.ExceptionServices;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Gating;
using Mosaic.Inference;
using Mosaic.Routing;
using Mosaic.Zoo.Evaluation;
using Mosaic.Zoo.Tasks;

namespace Mosaic.Zoo.Workload;

/// <summary>
/// Routes the test split with the skill router (profiles from the manifest's calibration accuracies), lets every
/// expert answer, and compares single experts, majority vote and the aggregator. Majority vote breaks a 1:1:1 tie in
/// favour of the slot whose expert has the best calibration accuracy on the question's skill.
/// </summary>
public static class ZooWorkload
{
    public static RouterOptions DefaultRouter { get; } = new() { K = 3, WithReplacement = true, Temperature = 0.75, Seed = 2026 };

    public static IReadOnlyList<RoutedQuestion> Route(ZooManifest manifest, IReadOnlyList<SkillQuestion> questions, RouterOptions options)
    {
        var profile = Profile(manifest);
        var router = new SkillRouter(profile, options);
        return questions.Select(q => router.Route(q.Id, q.Text, q.Skill, q.Answer)).ToList();
    }

    public static SkillProfile Profile(ZooManifest manifest) => Profile(manifest.Experts);

    public static SkillProfile Profile(IEnumerable<ManifestEntry> experts) =>
        SkillProfile.FromAccuracy(experts.ToDictionary(e => e.Name, e => (IReadOnlyDictionary<string, double>)e.CalibrationAccuracy.ToDictionary(p => p.Key, p => p.Value)));

    public static WorkloadReport Run(string directory, RouterOptions? options = null, string? routedFile = null, Action<string>? log = null)
    {
        options ??= DefaultRouter;
        TorchRuntime.Threads ??= 1;
        var manifest = ZooManifest.Load(directory);
        var questions = ZooDataset.Default.Test;
        var routed = Route(manifest, questions, options);
        if (routedFile is not null)
        {
            RoutedWorkloadFile.WriteFile(routedFile, routed);
        }

        // Every expert answers every test question: the routed slots read from this, and so does best-single.
        var evaluations = Parallel(ZooCatalog.Experts, spec =>
        {
            using var model = ZooModel.Load(directory, spec.Name);
            var evaluation = ZooEvaluator.Expert(spec, model, questions);
            log?.Invoke($"{spec.Name}: answered {questions.Count} questions");
            return evaluation;
        }).ToDictionary(e => e.Name);

        var profile = Profile(manifest);
        var slots = routed.Select(r => r.Experts.Select(e => evaluations[e].Responses[r.Id]).ToArray()).ToList();
        IReadOnlyList<string> aggregated;
        using (var aggregator = ZooModel.Load(directory, ZooCatalog.Aggregator.Name))
        {
            var maxNewTokens = ZooCatalog.Aggregator.MaxNewTokens;
            var fitted = routed.Select((r, i) => ZooPrompts.FitAggregator(aggregator, r.Text, slots[i], maxNewTokens)).ToList();
            var trimmed = fitted.Count(p => p.Trimming.Trimmed);
            if (trimmed > 0)
            {
                log?.Invoke($"{ZooCatalog.Aggregator.Name}: {trimmed} prompts trimmed to its context");
            }

            var prompts = fitted.Select(p => aggregator.Prompt.Format(ZooPrompts.Messages(p))).ToArray();
            aggregated = ZooEvaluator.Generate(aggregator, prompts, maxNewTokens).Select(r => r.Text).ToList();
        }

        var patterns = new Dictionary<string, int> { ["3:0"] = 0, ["2:1"] = 0, ["1:1:1"] = 0 };
        int majorityRight = 0, aggregatorRight = 0, gatedRight = 0, split = 0, splitMajorityRight = 0, splitAggregatorRight = 0;
        for (var i = 0; i < routed.Count; i++)
        {
            var question = routed[i];
            var answers = question.Experts.Select((e, s) => new ExpertAnswer(e, AnswerExtractor.Extract(slots[i][s], AnswerFormat.Number))).ToList();
            var decision = ConfidenceGate.Decide(answers, GateSettings.Conservative);
            var top = decision.Votes.IsEmpty ? 0 : decision.Votes[0].Votes;
            var pattern = top == 3 ? "3:0" : top == 2 ? "2:1" : "1:1:1";
            patterns[pattern]++;
            var majority = top >= 2 ? decision.Votes[0].Answer : TieBreak(answers, question.Skill, profile);
            var gold = AnswerExtractor.Extract(question.GoldAnswer, AnswerFormat.Number);
            var majorityOk = majority == gold;
            var aggregatorOk = AnswerExtractor.Extract(aggregated[i], AnswerFormat.Number) == gold;
            majorityRight += majorityOk ? 1 : 0;
            aggregatorRight += aggregatorOk ? 1 : 0;
            gatedRight += (decision.SkipsAggregator ? majorityOk : aggregatorOk) ? 1 : 0;
            if (!decision.SkipsAggregator)
            {
                split++;
                splitMajorityRight += majorityOk ? 1 : 0;
                splitAggregatorRight += aggregatorOk ? 1 : 0;
            }
        }

        var singles = evaluations.Values.ToDictionary(
            e => e.Name,
            e => Math.Round(questions.Average(q => ZooEvaluator.IsCorrect(e.Responses[q.Id], q.Answer) ? 1.0 : 0.0), 4));
        var best = singles.MaxBy(p => p.Value);
        var n = (double)routed.Count;
        return new WorkloadReport(
            routed.Count,
            $"k={options.K} {(options.WithReplacement ? "with" : "without")} replacement, temperature {options.Temperature}, seed {options.Seed}",
            patterns.ToDictionary(p => p.Key, p => Math.Round(p.Value / n, 4)),
            Math.Round(majorityRight / n, 4),
            best.Key,
            best.Value,
            singles,
            Math.Round(aggregatorRight / n, 4),
            Math.Round(gatedRight / n, 4),
            new SubsetFigures(split, split == 0 ? 0 : Math.Round((double)splitMajorityRight / split, 4), split == 0 ? 0 : Math.Round((double)splitAggregatorRight / split, 4)),
            evaluations.Values.ToDictionary(e => e.Name, e => e.MeanOutputTokens));
    }

    private static string? TieBreak(IReadOnlyList<ExpertAnswer> answers, string skill, SkillProfile profile) =>
        answers.Where(a => a.Answer is not null).OrderByDescending(a => profile.Accuracy(a.ExpertId, skill) ?? 0).Select(a => a.Answer).FirstOrDefault();

    /// <summary>Runs one job per model on two dedicated threads (each with its own single-threaded torch state).</summary>
    internal static IReadOnlyList<T> Parallel<T>(IReadOnlyList<ExpertSpec> specs, Func<ExpertSpec, T> job, int workers = 2)
    {
        var results = new T[specs.Count];
        var next = -1;
        Exception? failure = null;
        var threads = Enumerable.Range(0, workers).Select(_ => new Thread(() =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < specs.Count && failure is null)
            {
                try
                {
                    results[index] = job(specs[index]);
                }
                catch (Exception e)
                {
                    failure = e;
                }
            }
        }) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure); // as thrown on its thread: a model that does not load stays a load error
        }

        return results;
    }
}
