using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Prompting;

/// <summary>
/// The turns a MoA call sends a model: an instruction as the system message and the request as the user's. Every place a
/// model answers an expert question (the serving backend, <c>mosaic profile</c>) builds them here, so a profile measures
/// the prompt the service sends; a format that refuses system messages gets the instruction at the head of the user turn.
/// </summary>
public static class ModelTurns
{
    /// <summary>What an expert is asked to do with a question.</summary>
    public const string ExpertInstruction =
        "Answer the question. Think it through as carefully as you need, then finish with a line of the form "
        + "\"The answer is X\".";

    /// <summary>An expert call: the instruction and the question.</summary>
    public static IReadOnlyList<ChatMessage> Expert(PromptFormat format, string question) => Of(format, ExpertInstruction, question);

    /// <summary><paramref name="system"/> and <paramref name="user"/> as <paramref name="format"/> can take them.</summary>
    public static IReadOnlyList<ChatMessage> Of(PromptFormat format, string system, string user)
    {
        ArgumentNullException.ThrowIfNull(format);
        return format.AcceptsSystemMessages
            ? [new ChatMessage("system", system), new ChatMessage("user", user)]
            : [new ChatMessage("user", $"{system}\n\n{user}")];
    }
}
