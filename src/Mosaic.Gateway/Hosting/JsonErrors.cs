using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// A request body's JSON error in the caller's terms: the field (<c>metadata</c>, not <c>$.metadata</c>), what is
/// wrong with it (never the .NET type it failed to become) and OpenAI's code for it: <c>invalid_json</c> only for a body
/// that is not JSON; a well-formed body with a field of the wrong type is <c>invalid_type</c>, as the chat endpoints say.
/// </summary>
internal static partial class JsonErrors
{
    public static (string Message, string? Param, string Code) Describe(JsonException e)
    {
        var param = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        if (MissingProperties().Match(e.Message) is { Success: true } missing)
        {
            return ($"Missing required fields: {missing.Groups["names"].Value.TrimEnd('.')}.", null, "missing_required_parameter");
        }

        if (NullNotAllowed().Match(e.Message) is { Success: true } isNull)
        {
            var name = JsonNamingPolicy.SnakeCaseLower.ConvertName(isNull.Groups["name"].Value);
            return ($"'{name}' must not be null.", name, "invalid_type");
        }

        if (e.Message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            return param is null ? ("The request body is not the expected JSON object.", null, "invalid_json") : ($"'{param}' has the wrong type.", param, "invalid_type");
        }

        return ($"{JsonErrorText.Describe(e)}.", param, "invalid_json");
    }

    [GeneratedRegex("parameter '(?<name>\\w+)' on type '[^']+' doesn't allow null")]
    private static partial Regex NullNotAllowed();

    [GeneratedRegex("missing required properties including: (?<names>.+?)(\\.|$)")]
    private static partial Regex MissingProperties();
}
