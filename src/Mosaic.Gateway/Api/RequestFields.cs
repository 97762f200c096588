using System.Text.Json;

namespace Mosaic.Gateway.Api;

/// <summary>Typed fields of a JSON request body; a field of the wrong type is one <see cref="ApiException"/> (400) naming it.</summary>
internal static class RequestFields
{
    public static string? String(JsonElement element, string name, string? param = null)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw ApiException.BadRequest($"'{param ?? name}' must be a string.", "invalid_type", param ?? name);
    }

    public static bool Bool(JsonElement element, string name, string? param = null) =>
        !element.TryGetProperty(name, out var value) ? false : value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw ApiException.BadRequest($"'{param ?? name}' must be true or false.", "invalid_type", param ?? name),
        };

    public static int? Positive(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number > 0
            ? number
            : throw ApiException.BadRequest(
                $"'{name}' must be a positive whole number of at most {int.MaxValue}.",
                value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var given) && decimal.IsInteger(given) ? "invalid_value" : "invalid_type", // "5" or 1.5: a type OpenAI does not take
                name);
    }

    public static ApiException Missing(string param) =>
        ApiException.BadRequest($"'{param}' is required.", "missing_required_parameter", param);
}
