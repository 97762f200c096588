using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// A request body's JSON error in the caller's terms: the field (<c>metadata</c>, not <c>$.metadata</c>) and what is
/// wrong with it, never the .NET type it failed to become.
/// </summary>
internal static partial class JsonErrors
{
    public static (string Message, string? Param) Describe(JsonException e)
    {
        var param = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        if (MissingProperties().Match(e.Message) is { Success: true } missing)
        {
            return ($"Missing required fields: {missing.Groups["names"].Value.TrimEnd('.')}.", null);
        }

        if (NullNotAllowed().Match(e.Message) is { Success: true } isNull)
        {
            var name = JsonNamingPolicy.SnakeCaseLower.ConvertName(isNull.Groups["name"].Value);
            return ($"'{name}' must not be null.", name);
        }

        if (e.Message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            return param is null ? ("The request body is not the expected JSON object.", null) : ($"'{param}' has the wrong type.", param);
        }

        return ($"{JsonErrorText.Describe(e)}.", param);
    }

    [GeneratedRegex("parameter '(?<name>\\w+)' on type '[^']+' doesn't allow null")]
    private static partial Regex NullNotAllowed();

    [GeneratedRegex("missing required properties including: (?<names>.+?)(\\.|$)")]
    private static partial Regex MissingProperties();
}
