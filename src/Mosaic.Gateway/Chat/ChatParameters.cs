using System.Text.Json;
using Mosaic.Gateway.Api;

namespace Mosaic.Gateway.Chat;

/// <summary>
/// The OpenAI chat parameters beyond the question, read alike for a chat request, a gateway batch line and a
/// <c>mosaic run</c> line. Sampling parameters are checked for type and range, as OpenAI checks them, and then ignored:
/// every model decodes greedily, so the pool answers a question the same way each time. Parameters asking for an
/// answer the pool cannot give (log probabilities, a forced tool call, JSON output) are refused instead of dropped
/// without a word. <c>stop</c> is honoured: the message ends before the first stop sequence.
/// </summary>
internal static class ChatParameters
{
    public const int MaxStopSequences = 4;

    /// <summary>OpenAI's limits on <c>metadata</c>: pairs, and characters of a key and of a value.</summary>
    private const int MaxMetadataPairs = 16, MaxMetadataKey = 64, MaxMetadataValue = 512;

    /// <summary>What may ask for a tool call: <c>tool_choice</c>, and <c>function_call</c> before it (deprecated, still sent by older clients).</summary>
    private static readonly string[] ToolChoiceFields = ["tool_choice", "function_call"];

    private static readonly (string Name, double Min, double Max)[] Ranges =
        [("temperature", 0, 2), ("top_p", 0, 1), ("presence_penalty", -2, 2), ("frequency_penalty", -2, 2)];

    /// <summary>Fields and the JSON type each must have when present (<see cref="JsonValueKind.True"/>: a boolean).</summary>
    private static readonly (string Name, JsonValueKind Kind, string What)[] Types =
    [
        ("logprobs", JsonValueKind.True, "true or false"), ("store", JsonValueKind.True, "true or false"),
        ("parallel_tool_calls", JsonValueKind.True, "true or false"), ("top_logprobs", JsonValueKind.Number, "a whole number"),
        ("logit_bias", JsonValueKind.Object, "an object of token ids and biases"), ("tools", JsonValueKind.Array, "an array of tools"),
        ("modalities", JsonValueKind.Array, "an array of strings"), ("audio", JsonValueKind.Object, "an object"),
        ("prediction", JsonValueKind.Object, "an object"), ("functions", JsonValueKind.Array, "an array of functions"),
    ];

    /// <exception cref="ApiException">A parameter of the wrong type or range, or one the pool cannot honour.</exception>
    /// <summary><c>n</c>, if given, must be 1: a mixture of agents gives one answer.</summary>
    /// <exception cref="ApiException">It is not.</exception>
    public static void CheckOneChoice(JsonElement body)
    {
        if (body.TryGetProperty("n", out var n) && n.ValueKind != JsonValueKind.Null && !(n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var count) && count == 1))
        {
            // A wrong JSON type is invalid_type, as OpenAI says it (and this gateway says it of seed, stop, user, metadata).
            throw ApiException.BadRequest("Only n = 1 is supported: a mixture of agents gives one answer.", n.ValueKind == JsonValueKind.Number ? "invalid_value" : "invalid_type", "n");
        }
    }

    public static void Check(JsonElement body)
    {
        foreach (var (name, min, max) in Ranges)
        {
            if (Present(body, name) is { } value && !(value.ValueKind == JsonValueKind.Number && value.GetDouble() >= min && value.GetDouble() <= max))
            {
                throw ApiException.BadRequest($"'{name}' must be a number from {min} to {max}.", value.ValueKind == JsonValueKind.Number ? "invalid_value" : "invalid_type", name);
            }
        }

        if (Present(body, "seed") is { } seed && !(seed.ValueKind == JsonValueKind.Number && seed.TryGetInt64(out _)))
        {
            throw ApiException.BadRequest("'seed' must be a whole number.", "invalid_type", "seed");
        }

        if (Present(body, "user") is { } user && user.ValueKind != JsonValueKind.String)
        {
            throw ApiException.BadRequest("'user' must be a string.", "invalid_type", "user");
        }

        if (Present(body, "metadata") is { } metadata)
        {
            CheckMetadata(metadata);
        }

        // Fields the pool ignores or refuses are still checked for their type, as OpenAI checks them: a client that
        // sends "logprobs": "yes" has a bug it should hear about.
        foreach (var (name, kind, what) in Types)
        {
            if (Present(body, name) is { } value && value.ValueKind != kind && !(kind == JsonValueKind.True && value.ValueKind == JsonValueKind.False))
            {
                throw ApiException.BadRequest($"'{name}' must be {what}.", "invalid_type", name);
            }
        }

        foreach (var choiceField in ToolChoiceFields)
        {
            if (Present(body, choiceField) is { ValueKind: not (JsonValueKind.String or JsonValueKind.Object) })
            {
                throw ApiException.BadRequest($"'{choiceField}' must be a string or an object.", "invalid_type", choiceField);
            }
        }

        if (Present(body, "top_logprobs") is { } top && !(top.TryGetInt32(out var count) && count is >= 0 and <= 20))
        {
            throw ApiException.BadRequest("'top_logprobs' must be a whole number from 0 to 20.", "invalid_value", "top_logprobs");
        }

        if (Present(body, "logprobs") is { ValueKind: JsonValueKind.True })
        {
            throw Unsupported("logprobs", "log probabilities are not returned: the message is the mixture's answer, not one model's tokens");
        }

        if (Present(body, "top_logprobs") is { } asked && asked.GetInt32() > 0)
        {
            throw Unsupported("top_logprobs", "log probabilities are not returned: the message is the mixture's answer, not one model's tokens");
        }

        if (Present(body, "logit_bias") is { } bias && bias.EnumerateObject().Any())
        {
            throw Unsupported("logit_bias", "token biases would change every model's decoding, and each model has its own vocabulary");
        }

        if (Present(body, "modalities") is { } modalities
            && !modalities.EnumerateArray().All(m => m.ValueKind == JsonValueKind.String && m.GetString() == "text"))
        {
            throw Unsupported("modalities", "only [\"text\"] is served");
        }

        if (Present(body, "audio") is not null)
        {
            throw Unsupported("audio", "the pool answers in text only");
        }

        if (Present(body, "response_format") is { } format
            && !(format.ValueKind == JsonValueKind.Object && format.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "text"))
        {
            throw Unsupported("response_format", "only {\"type\": \"text\"} is served: the models are not constrained to JSON");
        }

        // "none" and "auto" are answered (the models never choose to call a tool); "required" or a named function is refused.
        foreach (var choiceField in ToolChoiceFields)
        {
            if (Present(body, choiceField) is { } choice && !(choice.ValueKind == JsonValueKind.String && choice.GetString() is "none" or "auto"))
            {
                throw Unsupported(choiceField, "the pool's models do not call tools, so a tool call cannot be required");
            }
        }
    }

    /// <summary>At most 16 pairs of a key of at most 64 characters and a string value of at most 512, as OpenAI takes them.</summary>
    private static void CheckMetadata(JsonElement metadata)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest("'metadata' must be an object of string values.", "invalid_type", "metadata");
        }

        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in metadata.EnumerateObject())
        {
            pairs[pair.Name] = pair.Value.ValueKind == JsonValueKind.String
                ? pair.Value.GetString()!
                : throw ApiException.BadRequest($"'metadata.{pair.Name}' must be a string.", "invalid_type", "metadata");
        }

        CheckMetadata(pairs);
    }

    /// <summary>OpenAI's limits on a request's or a batch's <c>metadata</c>: at most 16 pairs, keys of at most 64 characters, values of at most 512.</summary>
    /// <exception cref="ApiException">Over a limit.</exception>
    public static void CheckMetadata(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            return;
        }

        if (metadata.Count > MaxMetadataPairs)
        {
            throw ApiException.BadRequest($"'metadata' holds more than {MaxMetadataPairs} pairs.", "invalid_value", "metadata");
        }

        foreach (var (key, value) in metadata)
        {
            if (key.Length > MaxMetadataKey)
            {
                throw ApiException.BadRequest($"'metadata' has a key longer than {MaxMetadataKey} characters.", "invalid_value", "metadata");
            }

            if (value is null || value.Length > MaxMetadataValue)
            {
                throw ApiException.BadRequest($"'metadata.{key}' must be a string of at most {MaxMetadataValue} characters.", "invalid_value", "metadata");
            }
        }
    }

    /// <summary>The stop sequences: a string or an array of at most <see cref="MaxStopSequences"/> non-empty strings; null without any.</summary>
    /// <exception cref="ApiException">Anything else.</exception>
    public static IReadOnlyList<string>? Stop(JsonElement body)
    {
        var stop = Present(body, "stop");
        IReadOnlyList<string>? sequences = stop?.ValueKind switch
        {
            null => null,
            JsonValueKind.String => [stop.Value.GetString()!],
            JsonValueKind.Array when stop.Value.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String) => stop.Value.EnumerateArray().Select(s => s.GetString()!).ToArray(),
            _ => throw ApiException.BadRequest("'stop' must be a string or an array of strings.", "invalid_type", "stop"),
        };
        return sequences is null || (sequences.Count is > 0 and <= MaxStopSequences && sequences.All(s => s.Length > 0))
            ? sequences
            : throw ApiException.BadRequest($"'stop' holds 1 to {MaxStopSequences} non-empty strings.", "invalid_value", "stop");
    }

    /// <summary>The text up to the first of <paramref name="stop"/>, and whether one was found.</summary>
    public static (string Text, bool Stopped) CutAtStop(string text, IReadOnlyList<string>? stop)
    {
        var at = stop?.Select(s => text.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min() ?? -1;
        return at < 0 ? (text, false) : (text[..at], true);
    }

    private static JsonElement? Present(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static ApiException Unsupported(string param, string why) =>
        ApiException.BadRequest($"'{param}' is not supported: {why}.", "unsupported_value", param);
}
