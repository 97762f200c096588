using Mosaic.Abstractions.Results;
using Mosaic.Gateway.Api;
using Mosaic.Gateway.Chat;

namespace Mosaic.Gateway.Responses;

/// <summary>
/// Turns an answered question into OpenAI's <c>response</c>: the same message a chat completion gets
/// (<see cref="CompletionFactory.Message"/>), its thinking (when there is any) as a reasoning item before it, and the same usage and
/// extension. A message cut at its token limit makes the response <c>incomplete</c> (<c>max_output_tokens</c>).
/// </summary>
internal static class ResponseFactory
{
    public static string NewId() => $"resp_{Guid.NewGuid():N}";

    /// <summary>The id of the response's message item (<c>msg_…</c>) or reasoning item (<c>rs_…</c>), from the response's own.</summary>
    public static string ItemId(string responseId, string prefix) => prefix + responseId["resp_".Length..];

    public static ResponseObject InProgress(string id, long createdAt, ResponseRequest request) => Response(id, createdAt, request, "in_progress", [], null, null, null);

    public static ResponseObject Completed(string id, long createdAt, ResponseRequest request, QuestionResult result)
    {
        var (content, reasoning, finish) = CompletionFactory.Message(result);
        var incomplete = finish == "length";
        var output = new List<ResponseOutputItem>();
        if (reasoning is { Length: > 0 })
        {
            output.Add(ResponseOutputItem.Reasoning(ItemId(id, "rs_"), [ResponseContent.ReasoningText(reasoning)]));
        }

        output.Add(ResponseOutputItem.Message(ItemId(id, "msg_"), incomplete ? "incomplete" : "completed", [ResponseContent.OutputText(content)]));
        var usage = CompletionFactory.Usage(result);
        return Response(id, createdAt, request, incomplete ? "incomplete" : "completed", output,
            new ResponseUsage(usage.PromptTokens, usage.CompletionTokens, usage.TotalTokens),
            incomplete ? new ResponseIncompleteDetails("max_output_tokens") : null,
            CompletionFactory.Extension(result, id, request.Question.Skill));
    }

    private static ResponseObject Response(
        string id, long createdAt, ResponseRequest request, string status, IReadOnlyList<ResponseOutputItem> output, ResponseUsage? usage, ResponseIncompleteDetails? incomplete, MosaicExtension? mosaic) =>
        new(id, createdAt, status, request.Question.Model, output, usage, incomplete, request.Instructions, request.Question.MaxTokens, request.Temperature, request.TopP, request.Metadata, request.Tools, mosaic);
}
