namespace Mosaic.Aggregation.Extraction;

/// <summary>
/// What an expert's output counts for at the gate. An output cut at its call's max new tokens is a non-vote: the
/// number it ends on may be cut too ("The answer is 7" of 70), and a last number read from a truncated text is not
/// the answer the model was giving. The aggregator still reads the text.
/// </summary>
public static class ExpertVote
{
    /// <summary>The canonical answer the output votes for, or null (a non-vote).</summary>
    public static string? Of(string text, bool reachedTokenLimit, AnswerFormat format) =>
        reachedTokenLimit ? null : AnswerExtractor.Extract(text, format);
}
