using Mosaic.Aggregation.Extraction;

namespace Mosaic.Gateway.Chat;

/// <summary>
/// Turns the growing text of the call whose text will be a streamed answer into the deltas of its message, as
/// <see cref="CompletionFactory.Message"/> will split and cut the finished text: thinking and content apart, no content
/// past a stop sequence, and nothing that may still turn out to be the start of a think tag (in the text) or of a stop
/// sequence (in the content). At the
/// end, <see cref="Finish"/> gives what the finished message adds to what was sent, or says that it does not extend it.
/// </summary>
internal sealed class MessageStream(IReadOnlyList<string>? stop)
{
    private static readonly string[] Tags = ["<think>", "</think>"];

    private string _reasoningSent = "";
    private string _contentSent = "";

    /// <summary>The deltas of <paramref name="textSoFar"/> (the call's text up to now) over what was sent before.</summary>
    public (string Reasoning, string Content) Next(string textSoFar)
    {
        var (reasoning, whole) = ReasoningTrace.Split(textSoFar[..^Undecided(textSoFar, Tags, StringComparison.OrdinalIgnoreCase)]);
        var (content, stopped) = ChatParameters.CutAtStop(whole, stop);
        if (!stopped)
        {
            content = content[..^Undecided(content, stop ?? [], StringComparison.Ordinal)];
        }

        return Send(reasoning ?? "", content, final: false) ?? ("", "");
    }

    /// <summary>The rest of the finished message, or null when it does not begin with what was sent.</summary>
    public (string Reasoning, string Content)? Finish(string? reasoning, string content) => Send(reasoning ?? "", content, final: true);

    private (string Reasoning, string Content)? Send(string reasoning, string content, bool final)
    {
        // Thinking comes before the content: once content has gone, thinking that grows would be a different message.
        var reasoningGrows = reasoning.StartsWith(_reasoningSent, StringComparison.Ordinal) && (_contentSent.Length == 0 || reasoning.Length == _reasoningSent.Length);
        var contentGrows = content.StartsWith(_contentSent, StringComparison.Ordinal);
        if (final && !(reasoningGrows && contentGrows))
        {
            return null;
        }

        var reasoningDelta = reasoningGrows ? reasoning[_reasoningSent.Length..] : "";
        var contentDelta = contentGrows && (reasoningGrows || final) ? content[_contentSent.Length..] : "";
        _reasoningSent += reasoningDelta;
        _contentSent += contentDelta;
        return (reasoningDelta, contentDelta);
    }

    /// <summary>How many trailing characters of <paramref name="text"/> could begin one of <paramref name="markers"/>, and so wait for the next text.</summary>
    private static int Undecided(string text, IReadOnlyList<string> markers, StringComparison comparison) =>
        markers.Select(marker => MarkerStart.LengthAtEnd(text, marker, comparison)).DefaultIfEmpty(0).Max();
}
