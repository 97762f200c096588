using System.Text.Json;
using Mosaic.Gateway.Api;
using Mosaic.Gateway.Hosting;
using Mosaic.Gateway.Chat;

namespace Mosaic.Gateway.Batches;

/// <summary>
/// Reads a batch input file (JSON lines <c>{"custom_id", "method": "POST", "url", "body"}</c>, blank lines skipped). A bad
/// line — not JSON, no custom id, a repeated custom id, another method or url, a body the chat endpoint would refuse,
/// streaming, or a model other than the batch's (a batch runs one model: its first valid line's) — becomes an error
/// line naming the problem; the others run. Deterministic, so any gateway re-reading the file gets the same lines.
/// </summary>
internal sealed class BatchFileParser(ChatRequestReader reader)
{
    public ParsedBatch Parse(byte[] content, string endpoint)
    {
        var lines = new List<BatchLine>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        string? model = null;
        foreach (var raw in BatchFileLines.Of(content))
        {
            if (raw.IsBlank)
            {
                continue;
            }

            var line = raw.Text is null ? Bad(raw.Number, null, "invalid_json", raw.NotUtf8Message) : ParseLine(raw.Number, raw.Text, endpoint, seen, model);
            model ??= line.Question?.Model;
            lines.Add(line);
        }

        return new ParsedBatch(lines, model);
    }

    /// <summary>Counts the request lines without parsing them (for the size check at creation).</summary>
    public static int CountLines(byte[] content) => BatchFileLines.Of(content).Count(l => !l.IsBlank);

    private BatchLine ParseLine(int number, string text, string endpoint, Dictionary<string, int> seen, string? model)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            return Bad(number, null, "invalid_json", $"line {number} is not JSON: {JsonErrorText.Describe(e)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Bad(number, null, "invalid_request", $"line {number} is not a JSON object");
            }

            if (JsonText.FirstUnreadable(root) is { } path)
            {
                return Bad(number, null, "invalid_json", $"line {number} is not valid JSON: {JsonText.Problem(path)}");
            }

            var customId = root.TryGetProperty("custom_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            if (string.IsNullOrEmpty(customId))
            {
                var (code, problem) = CustomIdProblem(id);
                return Bad(number, null, code, $"line {number}{problem}");
            }

            if (!seen.TryAdd(customId, number))
            {
                return Bad(number, customId, "duplicate_custom_id", $"line {number}: custom_id '{customId}' was already used on line {seen[customId]}");
            }

            if (Text(root, "method") is { } method && !method.Equals("POST", StringComparison.OrdinalIgnoreCase))
            {
                return Bad(number, customId, "invalid_method", $"line {number}: method '{method}' is not POST");
            }

            if (Text(root, "url") != endpoint)
            {
                return Bad(number, customId, "invalid_url", $"line {number}: url '{Text(root, "url")}' is not the batch's endpoint {endpoint}");
            }

            if (!root.TryGetProperty("body", out var body))
            {
                return Bad(number, customId, "missing_body", $"line {number} has no body");
            }

            ChatQuestion question;
            try
            {
                question = reader.Read(body);
            }
            catch (ApiException e)
            {
                return Bad(number, customId, e.Error.Code ?? "invalid_request", $"line {number}: {e.Message}");
            }

            if (question.Stream)
            {
                return Bad(number, customId, "invalid_value", $"line {number}: stream is not supported in a batch");
            }

            return model is not null && question.Model != model
                ? Bad(number, customId, "model_mismatch", $"line {number} asks for model '{question.Model}'; a batch runs one model and this one runs '{model}'")
                : new BatchLine(number, customId, question, null);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static BatchLine Bad(int number, string? customId, string code, string message) =>
        new(number, customId, null, new ApiError(message, "invalid_request_error", null, code));


    /// <summary>Why a line's <c>custom_id</c> is unusable, as the code and the rest of its sentence.</summary>
    private static (string Code, string Problem) CustomIdProblem(JsonElement id) => id.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => ("missing_custom_id", " has no custom_id (a non-empty string)"),
        JsonValueKind.String => ("invalid_custom_id", ": custom_id is empty"),
        JsonValueKind.Number => ("invalid_custom_id", $": custom_id must be a string, not the number {id.GetRawText()}"),
        JsonValueKind.Object => ("invalid_custom_id", ": custom_id must be a string, not an object"),
        JsonValueKind.Array => ("invalid_custom_id", ": custom_id must be a string, not an array"),
        _ => ("invalid_custom_id", ": custom_id must be a string, not a boolean"),
    };
}
