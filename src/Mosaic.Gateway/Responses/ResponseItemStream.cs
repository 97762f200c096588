using Mosaic.Gateway.Api;
using Mosaic.Gateway.Chat;

namespace Mosaic.Gateway.Responses;

/// <summary>
/// The output items of a streamed response as their text arrives: a reasoning item (only when there is thinking)
/// whose <c>response.reasoning_text.delta</c> events carry the thinking, closed when the content begins, then the
/// message item with its <c>response.output_text.delta</c> events, each item's one content part opened
/// (<c>response.content_part.added</c>) before its first delta and closed before the item; <see cref="CloseAsync"/> ends both with the finished
/// response's items, so the events add up to its output.
/// </summary>
internal sealed class ResponseItemStream(string responseId, Func<string, ResponseEvent> next, Func<ResponseEvent, Task> send)
{
    private readonly string _reasoningId = ResponseFactory.ItemId(responseId, "rs_");
    private readonly string _messageId = ResponseFactory.ItemId(responseId, "msg_");
    private int _reasoningIndex = -1;
    private int _messageIndex = -1;
    private bool _reasoningClosed;
    private string _reasoning = "";

    public async Task AddAsync((string Reasoning, string Content) delta)
    {
        foreach (var piece in ChatEndpoints.Pieces(delta.Reasoning))
        {
            await OpenReasoningAsync();
            _reasoning += piece;
            await send(InReasoning("response.reasoning_text.delta") with { Delta = piece });
        }

        foreach (var piece in ChatEndpoints.Pieces(delta.Content))
        {
            await OpenMessageAsync();
            await send(InMessage("response.output_text.delta") with { Delta = piece });
        }
    }

    /// <summary>Ends the open items with <paramref name="response"/>'s (whose output these events have streamed).</summary>
    public async Task CloseAsync(ResponseObject response)
    {
        await CloseReasoningAsync(response.Output.FirstOrDefault(i => i.Type == "reasoning"));
        await OpenMessageAsync();
        var message = response.Output.Single(i => i.Type == "message");
        await send(InMessage("response.output_text.done") with { Text = message.Content[0].Text });
        await send(InMessage("response.content_part.done") with { Part = message.Content[0] });
        await send(next("response.output_item.done") with { OutputIndex = _messageIndex, Item = message });
    }

    private async Task OpenMessageAsync()
    {
        if (_messageIndex >= 0)
        {
            return;
        }

        await CloseReasoningAsync(_reasoningIndex < 0 ? null : ResponseOutputItem.Reasoning(_reasoningId, [ResponseContent.ReasoningText(_reasoning)]));
        _messageIndex = _reasoningIndex + 1;
        await send(next("response.output_item.added") with { OutputIndex = _messageIndex, Item = ResponseOutputItem.Message(_messageId, "in_progress", []) });
        await send(InMessage("response.content_part.added") with { Part = ResponseContent.OutputText("") });
    }

    private async Task CloseReasoningAsync(ResponseOutputItem? reasoning)
    {
        if (_reasoningClosed || reasoning is null)
        {
            return;
        }

        await OpenReasoningAsync();
        _reasoningClosed = true;
        await send(InReasoning("response.reasoning_text.done") with { Text = reasoning.Content[0].Text });
        await send(InReasoning("response.content_part.done") with { Part = reasoning.Content[0] });
        await send(next("response.output_item.done") with { OutputIndex = _reasoningIndex, Item = reasoning });
    }

    /// <summary>
    /// The reasoning item and its one content part, announced before the first delta: the SDKs build a streamed
    /// response's parts from <c>response.content_part.added</c> and fail on a delta for a part they were not told of.
    /// </summary>
    private async Task OpenReasoningAsync()
    {
        if (_reasoningIndex >= 0)
        {
            return;
        }

        _reasoningIndex = 0;
        await send(next("response.output_item.added") with { OutputIndex = _reasoningIndex, Item = ResponseOutputItem.Reasoning(_reasoningId, []) });
        await send(InReasoning("response.content_part.added") with { Part = ResponseContent.ReasoningText("") });
    }

    private ResponseEvent InReasoning(string type) => next(type) with { ItemId = _reasoningId, OutputIndex = _reasoningIndex, ContentIndex = 0 };

    private ResponseEvent InMessage(string type) => next(type) with { ItemId = _messageId, OutputIndex = _messageIndex, ContentIndex = 0 };
}
