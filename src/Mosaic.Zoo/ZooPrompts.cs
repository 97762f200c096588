using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Prompting;

namespace Mosaic.Zoo;

/// <summary>
/// The prompt texts zoo models are trained on and must be given. The aggregator reads the user part of the
/// shared <see cref="AggregatorPromptBuilder"/> prompt (question plus numbered responses with reasoning stripped);
/// the long system instruction is left out because a character model this small cannot use it.
/// </summary>
public static class ZooPrompts
{
    public static string Expert(string question) => question.Trim() + "\n";

    public static string Aggregator(string question, IReadOnlyList<string> responses) =>
        AggregatorPromptBuilder.Build(question, responses, AnswerFormat.Number).User + "Final:\n";
}
