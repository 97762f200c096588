using Mosaic.Aggregation.Extraction;
using Mosaic.Inference;
using Mosaic.Inference.Generation;
using Mosaic.Zoo.Tasks;
using Mosaic.Zoo.Training;

namespace Mosaic.Zoo.Evaluation;

/// <summary>Batched greedy evaluation of zoo models; answers are scored with the shared number extractor.</summary>
internal static class ZooEvaluator
{
    public const int BatchSize = 64;

    public static bool IsCorrect(string response, string gold) =>
        AnswerExtractor.Extract(response, AnswerFormat.Number) == AnswerExtractor.Extract(gold, AnswerFormat.Number);

    /// <summary>Greedy completions of <paramref name="prompts"/>, in order.</summary>
    public static IReadOnlyList<GenerationResult> Generate(LanguageModel model, IReadOnlyList<string> prompts, int maxNewTokens) =>
        model.Generate(prompts.Select((p, i) => new GenerationRequest(p, maxNewTokens) { Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToArray(), BatchSize);

    /// <summary>An expert answering the questions directly.</summary>
    public static ExpertEvaluation Expert(ExpertSpec spec, LanguageModel model, IReadOnlyList<SkillQuestion> questions) =>
        Score(spec, model, questions, Generate(model, questions.Select(q => model.Prompt.Format(ZooPrompts.ExpertMessages(q.Text))).ToArray(), spec.MaxNewTokens));

    /// <summary>
    /// The aggregator on the questions with synthetic candidate responses (a fixed seed, so the figure is
    /// reproducible without running the experts), each prompt fitted to the aggregator's context.
    /// </summary>
    public static ExpertEvaluation Aggregator(ExpertSpec spec, LanguageModel model, IReadOnlyList<SkillQuestion> questions, int seed = 777)
    {
        var random = new Random(seed);
        var prompts = questions
            .Select(q => model.Prompt.Format(ZooPrompts.Messages(ZooPrompts.FitAggregator(model, q.Text, CandidateSynthesizer.Responses(q, random), spec.MaxNewTokens))))
            .ToArray();
        return Score(spec, model, questions, Generate(model, prompts, spec.MaxNewTokens));
    }

    private static ExpertEvaluation Score(ExpertSpec spec, LanguageModel model, IReadOnlyList<SkillQuestion> questions, IReadOnlyList<GenerationResult> results)
    {
        var accuracy = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var group in questions.Select((q, i) => (q, r: results[i])).GroupBy(p => p.q.Skill))
        {
            accuracy[group.Key] = Math.Round(group.Average(p => IsCorrect(p.r.Text, p.q.Answer) ? 1.0 : 0.0), 4);
        }

        var ordered = Skills.All.Where(accuracy.ContainsKey).ToDictionary(s => s, s => accuracy[s]);
        return new ExpertEvaluation(spec.Name, spec.Kind.ToString().ToLowerInvariant(), model.ParameterCount,
            Math.Round(results.Average(r => r.OutputTokens), 2), ordered)
        {
            Responses = questions.Select((q, i) => (q.Id, results[i].Text)).ToDictionary(p => p.Id, p => p.Text),
        };
    }
}
