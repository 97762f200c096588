using Mosaic.Zoo.Evaluation;
using Mosaic.Zoo.Tasks;

namespace Mosaic.Zoo;

/// <summary>A few test questions with one model's responses, for looking at what a model actually writes.</summary>
public static class ZooSampler
{
    public static IEnumerable<string> Sample(string directory, string name, int perSkill)
    {
        var spec = ZooCatalog.Find(name);
        if (!Directory.Exists(Path.Combine(directory, name)))
        {
            throw new ZooException($"model folder not found: {Path.Combine(directory, name)}");
        }

        using var model = ZooModel.Load(directory, name);
        var questions = ZooDataset.Default.Test.GroupBy(q => q.Skill).SelectMany(g => g.Where((_, i) => i % 20 == 0).Take(perSkill)).ToList();
        var evaluation = ZooBuilder.Evaluate(spec, model, questions);
        foreach (var q in questions)
        {
            var response = evaluation.Responses[q.Id];
            yield return $"[{q.Skill}/{q.Difficulty}] {q.Text} gold={q.Answer} {(ZooEvaluator.IsCorrect(response, q.Answer) ? "OK" : "WRONG")}\n{response}\n";
        }
    }
}
