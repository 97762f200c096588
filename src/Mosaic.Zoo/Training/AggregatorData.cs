using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Gating;
using Mosaic.Routing;
using Mosaic.Zoo.Evaluation;
using Mosaic.Zoo.Tasks;

namespace Mosaic.Zoo.Training;

/// <summary>
/// Training examples for the aggregator built from the real experts: training-split questions are routed exactly
/// as the workload is, every routed expert answers, and the aggregator learns to turn the question plus those
/// responses into the gold answer. It sees the experts' actual mistakes (garbage from an untrained skill, the same
/// wrong answer twice when one expert fills two slots), which synthetic candidates did not teach it. Only questions
/// without a unanimous answer are kept: those are the ones the conservative gate sends to the aggregator.
/// </summary>
internal static class AggregatorData
{
    public static IReadOnlyList<TrainingExample> Build(
        string directory, SkillProfile profile, ZooDataset data, ExpertSpec spec, int questions, Action<string>? log)
    {
        var router = new SkillRouter(profile, Workload.ZooWorkload.DefaultRouter with { Seed = spec.Seed });
        var drawn = data.TrainingStream(Skills.All, spec.Seed).Take(questions).ToList();
        var routed = drawn.Select(q => router.Route(q.Id, q.Text, q.Skill, q.Answer)).ToList();
        var byId = drawn.ToDictionary(q => q.Id);
        var experts = ZooCatalog.Experts.Where(e => routed.Any(r => r.Experts.Contains(e.Name))).ToList();
        var responses = Workload.ZooWorkload.Parallel(experts, expert =>
        {
            var mine = routed.Where(r => r.Experts.Contains(expert.Name)).Select(r => byId[r.Id]).ToList();
            using var model = ZooModel.Load(directory, expert.Name);
            var texts = ZooEvaluator.Generate(model, mine.Select(q => model.Prompt.Format(ZooPrompts.ExpertMessages(q.Text))).ToArray(), expert.MaxNewTokens);
            return mine.Select((q, i) => (q.Id, texts[i].Text)).ToDictionary(p => p.Id, p => p.Text);
        }).Select((map, i) => (experts[i].Name, map)).ToDictionary(p => p.Name, p => p.map);
        log?.Invoke($"{spec.Name}: {questions} routed training questions answered by the experts");

        // The conservative gate answers unanimous questions itself, so the aggregator only ever sees split ones.
        var tokenizer = ZooVocabulary.Create();
        var split = routed.Where(r => !ConfidenceGate.Decide(
                r.Experts.Select(e => new ExpertAnswer(e, AnswerExtractor.Extract(responses[e][r.Id], AnswerFormat.Number))).ToList(),
                GateSettings.Conservative).SkipsAggregator)
            .ToList();
        log?.Invoke($"{spec.Name}: {split.Count} of them without a unanimous answer become training examples");
        return split.Select(r => ExampleSource.Encode(
                tokenizer,
                ZooPrompts.Aggregator(r.Text, r.Experts.Select(e => responses[e][r.Id]).ToArray()),
                ResponseWriter.Final(r.GoldAnswer)))
            .ToList();
    }

    /// <summary>The examples repeated without end, reshuffled each pass with a seeded generator.</summary>
    public static IEnumerable<TrainingExample> Cycle(IReadOnlyList<TrainingExample> examples, int seed)
    {
        var random = new Random(seed);
        var order = Enumerable.Range(0, examples.Count).ToArray();
        while (true)
        {
            random.Shuffle(order);
            foreach (var index in order)
            {
                yield return examples[index];
            }
        }
    }
}
