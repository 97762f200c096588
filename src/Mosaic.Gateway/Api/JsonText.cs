using System.Text.Json;

namespace Mosaic.Gateway.Api;

/// <summary>
/// Finds a string a JSON document holds but .NET cannot read as text: bytes that are not UTF-8, or an unpaired
/// surrogate escape (<c>"\ud83d"</c>). The parser accepts both and the reader throws only when the string is read,
/// which made such a request a 500 wherever it happened to be read.
/// </summary>
internal static class JsonText
{
    /// <summary>The path of the first unreadable string or property name (<c>$.messages[0].content</c>); null when every one reads.</summary>
    public static string? FirstUnreadable(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Readable(() => element.GetString()) ? null : path;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstUnreadable(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string? name = null;
                    if (!Readable(() => name = property.Name))
                    {
                        return $"{path} (a property name)";
                    }

                    if (FirstUnreadable(property.Value, $"{path}.{name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The one-line reason for a request whose string at <paramref name="path"/> cannot be read.</summary>
    public static string Problem(string path) =>
        $"the string at {path} is not valid text (bytes that are not UTF-8, or an unpaired surrogate escape such as \\ud83d)";

    private static bool Readable(Action read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
