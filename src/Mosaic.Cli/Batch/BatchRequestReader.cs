using System.Text;
using System.Text.Json;
using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Extraction;
using Mosaic.Gateway.Api;
using Mosaic.Gateway.Batches;
using Mosaic.Gateway.Chat;
using Mosaic.Hosting.Pools;

namespace Mosaic.Cli.Batch;

/// <summary>
/// Reads requests in the OpenAI Batch format, one JSON object per line:
/// <c>{"custom_id", "method": "POST", "url": "/v1/chat/completions", "body": {"model", "messages": [...], "mosaic"?: {...}}}</c>.
/// The question is the last user message (a string, or text parts). <c>model</c> is the pool's MoA model or one of its
/// experts (answered by that expert alone); as in OpenAI's Batch API, one file asks one model, the first answerable
/// line's. The optional <c>mosaic</c> object may route a MoA question (<c>experts</c>), name its <c>skill</c> or give
/// its <c>gold</c> answer. A line that cannot be answered gets an error naming the line and the problem; it never stops
/// the others. Blank lines are skipped.
/// </summary>
internal static class BatchRequestReader
{
    public const string ChatCompletionsUrl = "/v1/chat/completions";

    public static IReadOnlyList<BatchLine> Read(byte[] content, PoolConfig pool)
    {
        var lines = new List<BatchLine>();
        // The gateway's view of the pool: a MoA question's skill is resolved as the gateway resolves it.
        var catalog = new PoolCatalog(GatewayPools.From(pool));
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        string? batchModel = null;
        foreach (var raw in BatchFileLines.Of(content))
        {
            var number = raw.Number;
            if (raw.IsBlank)
            {
                continue;
            }

            var line = raw.Text is { } text ? Parse(text, number, pool, catalog) : new BatchLine(number, "", null, raw.NotUtf8Message, ErrorCode: "invalid_json");
            if (line.CustomId.Length == 0)
            {
                lines.Add(line); // no custom_id of its own: named once every line's is known
                continue;
            }

            if (line.Error is null && seen.TryGetValue(line.CustomId, out var first))
            {
                line = line with { Question = null, Error = $"line {number}: custom_id '{line.CustomId}' was already used on line {first}", ErrorCode = "duplicate_custom_id" };
            }

            if (line.Question is not null && line.Model is { } model && model != (batchModel ??= model))
            {
                line = line with
                {
                    Question = null,
                    Error = $"line {number}: model '{model}' is not the batch's model '{batchModel}' (one model per batch file, as in OpenAI's Batch API)",
                    ErrorCode = "model_mismatch",
                };
            }

            seen.TryAdd(line.CustomId, number);
            lines.Add(line);
        }

        // A line without a usable custom_id is named line-N in the output, unless a request already took that name.
        return lines.Select(l => l.CustomId.Length > 0 ? l : l with { CustomId = FreeName($"line-{l.Number}", seen) }).ToArray();
    }

    private static string FreeName(string name, IReadOnlyDictionary<string, int> taken)
    {
        var free = name;
        for (var n = 2; taken.ContainsKey(free); n++)
        {
            free = $"{name}~{n}";
        }

        return free;
    }

    private static BatchLine Parse(string text, int number, PoolConfig pool, PoolCatalog catalog)
    {
        var fallbackId = ""; // named by Read once every line's custom_id is known
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            return new BatchLine(number, fallbackId, null, $"line {number}: not valid JSON ({JsonErrorText.Describe(e)})", ErrorCode: "invalid_json");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new BatchLine(number, fallbackId, null, $"line {number}: expected a JSON object", ErrorCode: "invalid_request");
            }

            if (JsonText.FirstUnreadable(root) is { } path)
            {
                return new BatchLine(number, fallbackId, null, $"line {number}: not valid JSON ({JsonText.Problem(path)})", ErrorCode: "invalid_json");
            }

            var customId = root.TryGetProperty("custom_id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } given ? given : null;
            // The codes are the gateway's batch error codes for the same mistakes.
            BatchLine Fail(string problem, string code = "invalid_value") => new(number, customId ?? fallbackId, null, $"line {number}: {problem}", ErrorCode: code);
            if (customId is null)
            {
                return Fail("custom_id is missing or not a non-empty string", root.TryGetProperty("custom_id", out _) ? "invalid_custom_id" : "missing_custom_id");
            }

            if (!root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String || method.GetString() != "POST")
            {
                return Fail("method must be \"POST\"", "invalid_method");
            }

            if (!root.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String || url.GetString() != ChatCompletionsUrl)
            {
                return Fail($"url must be \"{ChatCompletionsUrl}\"", "invalid_url");
            }

            if (!root.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.Object)
            {
                return Fail("body must be an object", "missing_body");
            }

            var model = body.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var expert = model is not null && pool.Experts.Contains(model);
            if (model != pool.Model && !expert)
            {
                return model is null
                    ? Fail("body.model is missing", "missing_required_parameter")
                    : Fail($"unknown model '{model}' (this pool serves '{pool.Model}' and its experts {string.Join(", ", pool.Experts)})", "model_not_found");
            }

            if (UserMessage(body) is not { } question)
            {
                return Fail("body.messages holds no user message with text");
            }

            var (experts, skill, gold, problem) = Extension(body, pool);
            if (problem is { } wrong)
            {
                return Fail(wrong.Message, wrong.Code);
            }

            if (MaxTokens(body) is { Problem: { } tokensProblem })
            {
                return Fail(tokensProblem);
            }

            IReadOnlyList<string>? stop;
            try
            {
                ChatParameters.CheckOneChoice(body);
                ChatParameters.Check(body);
                ServiceTiers.Read(body); // checked as the gateway checks it; a batch runs at batch priority whatever it says
                stop = ChatParameters.Stop(body);
            }
            catch (ApiException e)
            {
                return Fail(e.Message, e.Error.Code ?? "invalid_value");
            }

            // As the gateway's batch API refuses them: a batch line answers once, with one choice.
            if (body.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True)
            {
                return Fail("stream is not supported in a batch");
            }

            if (expert && experts.Count > 0)
            {
                return Fail($"body.mosaic.experts routes a question of the MoA model '{pool.Model}'; a request to '{model}' is answered by it alone");
            }

            // A routed question's skill picks its experts: resolved as the gateway does (a skill the router does not know
            // is refused, a question no pattern matches gets the fallback skill), so a line routes the same way both ways.
            string routedSkill;
            try
            {
                routedSkill = !expert && experts.Count == 0 && pool.Router is not null
                    ? catalog.SkillOf(pool.Model, question, skill)!
                    : skill ?? pool.SkillOf(question);
            }
            catch (ApiException e)
            {
                return Fail(e.Message, e.Error.Code ?? "invalid_value");
            }

            var canonicalGold = gold is null ? null : AnswerExtractor.Extract(gold, pool.AnswerFormat) ?? gold;
            // As the gateway routes it: the experts the line names, else the router's draw, else every expert.
            IReadOnlyList<string> asked = expert ? [model!] : experts.Count > 0 ? experts : pool.Router is null ? pool.Experts.ToArray() : [];
            // The question is named by its line, as the gateway names a batch's questions: any custom_id is accepted
            // (a job's question ids exclude ':' and '/' and have at most 256 characters), and a file routes the same
            // way through mosaic run and the gateway's batch API.
            var questionId = Gateway.Batches.BatchLine.QuestionIdOf(number);
            var spec = new QuestionSpec(questionId, question, asked, routedSkill, canonicalGold, MaxTokens(body).Value);
            return new BatchLine(number, customId, spec, null, model, stop);
        }
    }

    /// <summary>The text of the last user message: a string, or the concatenated text parts.</summary>
    private static string? UserMessage(JsonElement body)
    {
        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        string? last = null;
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String
                || role.GetString() != "user" || !message.TryGetProperty("content", out var content))
            {
                continue;
            }

            var text = content.ValueKind switch
            {
                JsonValueKind.String => content.GetString(),
                JsonValueKind.Array => Parts(content),
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(text))
            {
                last = text;
            }
        }

        return last;
    }

    private static string Parts(JsonElement content)
    {
        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var type) && type.GetString() == "text"
                && part.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String)
            {
                text.Append(value.GetString());
            }
        }

        return text.ToString();
    }

    /// <summary>The line's own limit on new tokens (<c>max_completion_tokens</c>, else <c>max_tokens</c>), as OpenAI reads them.</summary>
    private static (int? Value, string? Problem) MaxTokens(JsonElement body)
    {
        foreach (var name in (string[])["max_completion_tokens", "max_tokens"])
        {
            if (body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var tokens) && tokens > 0
                    ? (tokens, null)
                    : (null, $"body.{name} must be a positive whole number");
            }
        }

        return (null, null);
    }

    /// <summary>The line's <c>mosaic</c> object; a problem comes with the code the gateway gives it (a wrong type: invalid_type).</summary>
    private static (IReadOnlyList<string> Experts, string? Skill, string? Gold, (string Message, string Code)? Problem) Extension(JsonElement body, PoolConfig pool)
    {
        if (!body.TryGetProperty("mosaic", out var extension) || extension.ValueKind == JsonValueKind.Null)
        {
            return ([], null, null, null);
        }

        if (extension.ValueKind != JsonValueKind.Object)
        {
            return ([], null, null, ("body.mosaic must be an object", "invalid_type"));
        }

        if (extension.EnumerateObject().Select(f => f.Name).FirstOrDefault(name => name is not ("experts" or "skill" or "gold")) is { } unknown)
        {
            return ([], null, null, ($"body.mosaic.{unknown} is not a field of the mosaic extension (it has experts, skill, gold)", "invalid_value"));
        }

        var experts = new List<string>();
        if (extension.TryGetProperty("experts", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                return ([], null, null, ("body.mosaic.experts must be an array of expert names", "invalid_type"));
            }

            if (list.GetArrayLength() == 0)
            {
                return ([], null, null, ("body.mosaic.experts is empty: name at least one expert, or leave it out to let the pool route the question", "invalid_value"));
            }

            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    return ([], null, null, ("body.mosaic.experts must be an array of expert names (strings)", "invalid_type"));
                }

                var name = item.GetString();
                if (name is null || !pool.Experts.Contains(name))
                {
                    return ([], null, null, ($"body.mosaic.experts: unknown expert '{name ?? item.ToString()}' (the pool has {string.Join(", ", pool.Experts)})", "invalid_value"));
                }

                experts.Add(name);
            }
        }

        string? Optional(string name) =>
            extension.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
        return (experts, Optional("skill"), Optional("gold"), null);
    }
}
