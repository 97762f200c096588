using Mosaic.Inference.Tokenization;
using Mosaic.Zoo.Tasks;

namespace Mosaic.Zoo.Training;

/// <summary>The deterministic stream of tokenised training examples for one spec.</summary>
internal static class ExampleSource
{
    public static IEnumerable<TrainingExample> For(ExpertSpec spec, ZooDataset data)
    {
        var tokenizer = ZooVocabulary.Create();
        var candidates = new Random(spec.Seed ^ 0x5eed);
        foreach (var question in data.TrainingStream(spec.Skills, spec.Seed))
        {
            var prompt = spec.Kind == ExpertKind.Aggregator
                ? ZooPrompts.Aggregator(question.Text, CandidateSynthesizer.Responses(question, candidates))
                : ZooPrompts.Expert(question.Text);
            yield return Encode(tokenizer, prompt, ResponseWriter.Write(question, spec));
        }
    }

    public static TrainingExample Encode(CharTokenizer tokenizer, string prompt, string response) =>
        new([.. tokenizer.Encode(prompt)], [.. tokenizer.Encode(response), ZooVocabulary.EosId]);
}
