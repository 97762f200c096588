using System.Text;
using System.Text.Json;
using Mosaic.Gateway.Api;
using Mosaic.Gateway.Chat;
using static Mosaic.Gateway.Api.RequestFields;

namespace Mosaic.Gateway.Responses;

/// <summary>
/// Reads an OpenAI Responses API request (<c>POST /v1/responses</c>). The question is <c>input</c> when it is a string,
/// else the text of its last user message (message items with string content or <c>input_text</c> parts; an earlier
/// response's output items may be replayed in it: its messages and reasoning items are context, as earlier turns are).
/// <c>instructions</c>, like a chat request's system messages, are checked and echoed but not sent: each model is asked
/// in its own prompt format. <c>max_output_tokens</c>, <c>stream</c> and the extension <c>mosaic</c> (<c>skill</c>, <c>experts</c>) are read;
/// sampling parameters, <c>metadata</c> and <c>user</c> are checked as <see cref="ChatParameters"/> checks them. What
/// the pool cannot honour is refused rather than dropped: continuing a stored response or conversation (responses are
/// not stored), background mode, structured output. Every problem is one <see cref="ApiException"/> (400) naming the parameter.
/// </summary>
internal sealed class ResponseRequestReader(PoolCatalog catalog)
{
    private static readonly HashSet<string> Roles = ["system", "developer", "user", "assistant"];

    public ResponseRequest Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest("The request body must be a JSON object.", "invalid_json");
        }

        var model = catalog.Require(String(body, "model") ?? throw Missing("model"));
        var text = Question(body);
        var instructions = String(body, "instructions");
        foreach (var name in new[] { "previous_response_id", "conversation" })
        {
            if (body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                throw Unsupported(name, "responses are not stored, so there is no earlier response or conversation to continue; send the whole input");
            }
        }

        if (Bool(body, "background"))
        {
            throw Unsupported("background", "a response is answered while its request waits or streams");
        }

        CheckTextFormat(body);
        var stream = Bool(body, "stream");
        var maxTokens = Positive(body, "max_output_tokens");
        var (skill, experts, gold) = catalog.RoutingOf(model, text, body);
        ChatParameters.Check(body);
        var tools = Tools(body);
        var question = new ChatQuestion(model, text, skill, maxTokens, stream, IncludeUsage: false, Experts: experts, Priority: ServiceTiers.Read(body), Gold: gold);
        return new ResponseRequest(question, instructions, Number(body, "temperature"), Number(body, "top_p"), Metadata(body), tools);
    }

    /// <summary>
    /// The request's tools, echoed in the response as OpenAI echoes them. Function tools are taken (the models never
    /// choose to call one); a hosted tool (web search, file search, code interpreter, …) is refused, since nothing here
    /// would run it and an answer without it would pass for one with it.
    /// </summary>
    private static IReadOnlyList<JsonElement> Tools(JsonElement body)
    {
        if (!body.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        foreach (var (tool, index) in tools.EnumerateArray().Select((t, i) => (t, i)))
        {
            var type = tool.ValueKind == JsonValueKind.Object && tool.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (type != "function")
            {
                throw Unsupported($"tools[{index}].type", $"{(type is null ? "a tool without a type" : $"'{type}' tools")} cannot be served: only function tools are taken (the pool's models answer in text and call none)");
            }
        }

        return [.. tools.EnumerateArray().Select(t => t.Clone())];
    }

    private static string Question(JsonElement body)
    {
        if (!body.TryGetProperty("input", out var input) || input.ValueKind == JsonValueKind.Null)
        {
            throw Missing("input");
        }

        var question = input.ValueKind switch
        {
            JsonValueKind.String => input.GetString()!,
            JsonValueKind.Array => LastUserMessage(input),
            _ => throw ApiException.BadRequest("'input' must be a string or an array of messages.", "invalid_type", "input"),
        };
        return string.IsNullOrWhiteSpace(question)
            ? throw ApiException.BadRequest("The question is blank: 'input' (or its last user message) has no text.", "invalid_value", "input")
            : question;
    }

    private static string LastUserMessage(JsonElement input)
    {
        string? question = null;
        var index = 0;
        foreach (var item in input.EnumerateArray())
        {
            var param = $"input[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.BadRequest($"'{param}' must be a message object with a role and content.", "invalid_type", param);
            }

            var type = String(item, "type", $"{param}.type") ?? "message";
            if (type == "reasoning")
            {
                continue; // an earlier response's output replayed as context: earlier turns are not sent to the models
            }

            if (type != "message")
            {
                throw Unsupported($"{param}.type", $"'{type}' items are not taken: the pool answers text messages");
            }

            var role = String(item, "role", $"{param}.role") ?? throw Missing($"{param}.role");
            if (!Roles.Contains(role))
            {
                throw ApiException.BadRequest($"'{param}.role' is '{role}'; expected user, system, developer or assistant.", "invalid_value", $"{param}.role");
            }

            var content = Content(item, $"{param}.content");
            if (role == "user")
            {
                question = content;
            }
        }

        return question ?? throw ApiException.BadRequest("'input' has no user message: the question is the last user message.", "invalid_value", "input");
    }

    /// <summary>A message's text: a string, or the concatenated text of its <c>input_text</c> (or, replayed, <c>output_text</c>) parts.</summary>
    private static string Content(JsonElement message, string param)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            throw Missing(param);
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.BadRequest($"'{param}' must be a string or an array of text parts.", "invalid_type", param);
        }

        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object || String(part, "type", param) is not ("input_text" or "output_text") || String(part, "text", param) is not { } piece)
            {
                throw ApiException.BadRequest($"'{param}' may only hold text parts ({{\"type\": \"input_text\", \"text\": ...}}).", "invalid_value", param);
            }

            text.Append(piece);
        }

        return text.ToString();
    }

    /// <summary><c>text.format</c> may only ask for plain text, as a chat request's <c>response_format</c>.</summary>
    private static void CheckTextFormat(JsonElement body)
    {
        if (!body.TryGetProperty("text", out var text) || text.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (text.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest("'text' must be an object.", "invalid_type", "text");
        }

        if (text.TryGetProperty("format", out var format) && format.ValueKind != JsonValueKind.Null
            && !(format.ValueKind == JsonValueKind.Object && String(format, "type", "text.format.type") == "text"))
        {
            throw Unsupported("text.format", "only {\"type\": \"text\"} is served: the models are not constrained to JSON");
        }
    }

    private static double? Number(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static Dictionary<string, string> Metadata(JsonElement body) =>
        body.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            ? metadata.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
            : [];

    private static ApiException Unsupported(string param, string why) =>
        ApiException.BadRequest($"'{param}' is not supported: {why}.", "unsupported_value", param);
}
