using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// The JSON of every gateway endpoint: snake_case names (OpenAI's convention, also for the native job endpoints), enums
/// as snake_case strings, nullable annotations and required constructor parameters enforced on input, nulls written,
/// and text as it is (<c>+</c>, <c>'</c>, <c>&lt;think&gt;</c> and non-ASCII letters unescaped, as OpenAI writes them): the
/// output is JSON, SSE and JSONL for API clients and files people read, never markup in a page.
/// </summary>
internal static class GatewayJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>One compact line: what JSONL files and SSE events hold.</summary>
    public static string Line<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.WriteIndented = false;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any())
        {
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        }

        return options;
    }
}
