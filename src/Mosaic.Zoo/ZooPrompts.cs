using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Prompting;
using Mosaic.Inference;
using Mosaic.Inference.Prompting;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Zoo;

/// <summary>
/// The zoo's prompt formats and conversations. Zoo models are trained on bare text: an expert on the trimmed
/// question and a newline, the aggregator on the user part of the shared <see cref="AggregatorPromptBuilder"/>
/// prompt (question plus numbered responses with reasoning stripped) and <c>Final:</c> (the long system instruction
/// is left out because a character model this small cannot use it). Each model folder declares its format in
/// <c>prompt_format.json</c>, so every caller that formats through <see cref="LanguageModel.Prompt"/> writes what
/// the model was trained on.
/// </summary>
public static class ZooPrompts
{
    public static PlainPromptFormat ExpertFormat { get; } = new("\n");

    public static PlainPromptFormat AggregatorFormat { get; } = new("\nFinal:\n");

    public static PlainPromptFormat For(ExpertKind kind) => kind == ExpertKind.Aggregator ? AggregatorFormat : ExpertFormat;

    /// <summary>An expert's conversation: the question as the user's turn.</summary>
    public static IReadOnlyList<ChatMessage> ExpertMessages(string question) => [new ChatMessage("user", question)];

    /// <summary>The aggregator's conversation: the instruction as the system turn, question and responses as the user's.</summary>
    public static IReadOnlyList<ChatMessage> Messages(AggregatorPrompt prompt) =>
        [new ChatMessage("system", prompt.System), new ChatMessage("user", prompt.User)];

    /// <summary>The text an expert is trained on before its response.</summary>
    public static string Expert(string question) => ExpertFormat.Format(ExpertMessages(question));

    /// <summary>The text the aggregator is trained on before its response.</summary>
    public static string Aggregator(string question, IReadOnlyList<string> responses) =>
        AggregatorFormat.Format(Messages(AggregatorPromptBuilder.Build(question, responses, AnswerFormat.Number)));

    /// <summary>
    /// The aggregator prompt for <paramref name="model"/>, trimmed to its context less <paramref name="maxNewTokens"/>
    /// (measured in the model's own prompt format and tokenizer).
    /// </summary>
    public static AggregatorPrompt FitAggregator(LanguageModel model, string question, IReadOnlyList<string> responses, int maxNewTokens) =>
        AggregatorPromptFitter.Fit(
            question, responses, AnswerFormat.Number, Math.Max(1, model.Config.MaxPositionEmbeddings - maxNewTokens), p => model.CountPromptTokens(Messages(p)));
}
