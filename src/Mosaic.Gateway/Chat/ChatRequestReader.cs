using System.Text;
using System.Text.Json;
using Mosaic.Gateway.Api;
using Mosaic.Gateway.Hosting;
using static Mosaic.Gateway.Api.RequestFields;

namespace Mosaic.Gateway.Chat;

/// <summary>
/// Reads an OpenAI chat completion request. The question is the text of the last user message (string content or its
/// text parts); <c>model</c>, <c>messages</c>, <c>n</c> (1 only), <c>stream</c>, <c>stream_options.include_usage</c>,
/// <c>max_completion_tokens</c> / <c>max_tokens</c>, <c>stop</c> and the extension <c>mosaic</c> (<c>skill</c>, <c>experts</c>) are read; the
/// rest as <see cref="ChatParameters"/> says. Every problem is one <see cref="ApiException"/> (400) naming the parameter.
/// </summary>
internal sealed class ChatRequestReader(PoolCatalog catalog)
{
    private static readonly HashSet<string> Roles = ["system", "developer", "user", "assistant", "tool", "function"];

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>Parses a whole request body.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            // Windows tools (PowerShell's Out-File, Notepad) start UTF-8 with a byte-order mark, which JSON does not allow.
            var document = JsonDocument.Parse(body.Span.StartsWith(Utf8ByteOrderMark) ? body[Utf8ByteOrderMark.Length..] : body);
            if (JsonText.FirstUnreadable(document.RootElement) is { } path)
            {
                document.Dispose();
                throw ApiException.BadRequest($"The request body is not valid JSON: {JsonText.Problem(path)}.", "invalid_json");
            }

            return document;
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"The request body is not valid JSON: {JsonErrorText.Describe(e)}.", "invalid_json");
        }
    }

    public ChatQuestion Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest("The request body must be a JSON object.", "invalid_json");
        }

        var model = catalog.Require(String(body, "model") ?? throw Missing("model"));

        var text = Question(body);
        ChatParameters.CheckOneChoice(body);

        var stream = Bool(body, "stream");
        var includeUsage = false;
        if (body.TryGetProperty("stream_options", out var options) && options.ValueKind != JsonValueKind.Null)
        {
            if (options.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.BadRequest("'stream_options' must be an object.", "invalid_type", "stream_options");
            }

            // As OpenAI and vLLM answer it: options of a stream that was not asked for are a mistake, not a no-op.
            includeUsage = stream
                ? Bool(options, "include_usage", "stream_options.include_usage")
                : throw ApiException.BadRequest("'stream_options' is only allowed when 'stream' is true.", "invalid_value", "stream_options");
        }

        var maxTokens = Positive(body, "max_completion_tokens") ?? Positive(body, "max_tokens");
        var (skill, experts, gold) = catalog.RoutingOf(model, text, body);
        ChatParameters.Check(body);
        return new ChatQuestion(model, text, skill, maxTokens, stream, includeUsage, ChatParameters.Stop(body), experts, ServiceTiers.Read(body), gold);
    }

    private static string Question(JsonElement body)
    {
        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind == JsonValueKind.Null)
        {
            throw Missing("messages");
        }

        if (messages.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.BadRequest("'messages' must be an array of messages.", "invalid_type", "messages");
        }

        if (messages.GetArrayLength() == 0)
        {
            throw ApiException.BadRequest("'messages' is empty: send at least one user message.", "invalid_value", "messages");
        }

        string? question = null;
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var param = $"messages[{index++}]";
            if (message.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.BadRequest($"'{param}' must be an object with a role and content.", "invalid_type", param);
            }

            var role = String(message, "role", $"{param}.role") ?? throw Missing($"{param}.role");
            if (!Roles.Contains(role))
            {
                throw ApiException.BadRequest($"'{param}.role' is '{role}'; expected system, developer, user, assistant or tool.", "invalid_value", $"{param}.role");
            }

            var content = Content(message, $"{param}.content");
            if (role == "user")
            {
                question = content ?? throw ApiException.BadRequest($"'{param}.content' is missing: a user message needs text.", "invalid_value", $"{param}.content");
            }
        }

        if (question is null)
        {
            throw ApiException.BadRequest("'messages' has no user message: the question is the last user message.", "invalid_value", "messages");
        }

        return string.IsNullOrWhiteSpace(question)
            ? throw ApiException.BadRequest("The last user message is blank.", "invalid_value", "messages")
            : question;
    }

    /// <summary>A message's text: a string, or the concatenated text of its parts; null when absent.</summary>
    private static string? Content(JsonElement message, string param)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.BadRequest($"'{param}' must be a string or an array of text parts.", "invalid_type", param);
        }

        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object || String(part, "type", param) != "text" || String(part, "text", param) is not { } piece)
            {
                throw ApiException.BadRequest($"'{param}' may only hold text parts ({{\"type\": \"text\", \"text\": ...}}).", "invalid_value", param);
            }

            text.Append(piece);
        }

        return text.ToString();
    }

}
