namespace Mosaic.Aggregation.Prompting;

/// <summary>What fitting an aggregator prompt into a token budget did, to be recorded with the aggregator call.</summary>
/// <param name="Trimmed">Whether anything was cut to fit.</param>
/// <param name="ReasoningStripped">Responses whose reasoning trace was removed (always done, whether or not it fits).</param>
/// <param name="ResponsesCut">Responses cut in their middle to fit.</param>
/// <param name="CharactersCut">Characters those cuts removed (question cut included).</param>
/// <param name="QuestionCut">Whether the question itself was cut: only when it does not fit even with every response cut away.</param>
/// <param name="TokensBefore">Prompt tokens before trimming.</param>
/// <param name="Tokens">Prompt tokens of the returned prompt.</param>
/// <param name="Budget">The token budget.</param>
public sealed record AggregatorPromptTrimming(
    bool Trimmed, int ReasoningStripped, int ResponsesCut, int CharactersCut, bool QuestionCut, int TokensBefore, int Tokens, int Budget)
{
    public static AggregatorPromptTrimming None { get; } = new(false, 0, 0, 0, false, 0, 0, 0);

    /// <summary>Whether the returned prompt fits the budget (false only when the budget cannot hold the instruction and markers).</summary>
    public bool Fits => Tokens <= Budget;
}
