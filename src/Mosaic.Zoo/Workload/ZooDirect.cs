using Mosaic.Inference;
using Mosaic.Inference.Generation;
using Mosaic.Routing;
using Mosaic.Zoo.Evaluation;

namespace Mosaic.Zoo.Workload;

/// <summary>
/// Routed questions answered by calling the zoo's models directly, with no serving system in between: each expert
/// generates for the slots routed to it, the aggregator reads every question's responses (fitted to its context),
/// all greedy, each model formatting its input through its own prompt format. The reference a serving run must match.
/// </summary>
public static class ZooDirect
{
    public static IReadOnlyList<DirectAnswer> Run(string directory, IReadOnlyList<RoutedQuestion> routed, Action<string>? log = null)
    {
        TorchRuntime.Threads ??= 1;
        var generated = ZooWorkload.Parallel(ZooCatalog.Experts, spec =>
        {
            var mine = routed.Where(q => q.Experts.Contains(spec.Name)).ToArray();
            if (mine.Length == 0)
            {
                return new Dictionary<string, GenerationResult>();
            }

            using var model = ZooModel.Load(directory, spec.Name);
            var prompts = mine.Select(q => model.Prompt.Format(ZooPrompts.ExpertMessages(q.Text))).ToArray();
            var results = ZooEvaluator.Generate(model, prompts, spec.MaxNewTokens);
            log?.Invoke($"{spec.Name}: answered {mine.Length} questions");
            return mine.Select((q, i) => (q.Id, Result: results[i])).ToDictionary(p => p.Id, p => p.Result);
        }).Select((answers, i) => (ZooCatalog.Experts[i].Name, answers)).ToDictionary(p => p.Name, p => p.answers);

        var outputs = routed.Select(q => q.Experts.Select(e => generated[e][q.Id]).ToArray()).ToArray();
        var slots = outputs.Select(o => o.Select(r => r.Text).ToArray()).ToArray();
        using var aggregator = ZooModel.Load(directory, ZooCatalog.Aggregator.Name);
        var maxNewTokens = ZooCatalog.Aggregator.MaxNewTokens;
        var prompts = routed.Select((q, i) => aggregator.Prompt.Format(ZooPrompts.Messages(ZooPrompts.FitAggregator(aggregator, q.Text, slots[i], maxNewTokens)))).ToArray();
        var aggregated = ZooEvaluator.Generate(aggregator, prompts, maxNewTokens);
        log?.Invoke($"{ZooCatalog.Aggregator.Name}: answered {routed.Count} questions");
        return routed.Select((q, i) => new DirectAnswer(q.Id, slots[i], outputs[i].Select(r => r.FinishReason == FinishReason.Length).ToArray(), aggregated[i].Text)).ToArray();
    }
}
