using Mosaic.Inference;
using Mosaic.Zoo.Tasks;

namespace Mosaic.Zoo.Evaluation;

/// <summary>Re-measures every shipped model on the test split (or a fixed subset of it) with batched greedy decoding.</summary>
public static class ZooEvaluation
{
    /// <summary>
    /// <paramref name="everyNth"/> &gt; 1 keeps every n-th question of each skill, a fixed subset for quick checks.
    /// </summary>
    public static ZooEvaluationReport Run(string directory, int everyNth = 1, int workers = 2)
    {
        TorchRuntime.Threads ??= 1;
        if (!Directory.Exists(directory))
        {
            throw new ZooException($"zoo folder not found: {directory}");
        }

        var questions = Subset(ZooDataset.Default.Test, everyNth);
        var results = Workload.ZooWorkload.Parallel([.. ZooCatalog.All], spec =>
        {
            using var model = ZooModel.Load(directory, spec.Name);
            return ZooBuilder.Evaluate(spec, model, questions);
        }, workers);
        return new ZooEvaluationReport(results.Take(ZooCatalog.Experts.Count).ToList(), results[^1]);
    }

    public static IReadOnlyList<SkillQuestion> Subset(IReadOnlyList<SkillQuestion> questions, int everyNth) =>
        everyNth <= 1 ? questions : questions.GroupBy(q => q.Skill).SelectMany(g => g.Where((_, i) => i % everyNth == 0)).ToList();
}
