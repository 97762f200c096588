using System.Text.Json;

// The gateway's copy has its own namespace: the CLI sees the internals of both the gateway and Mosaic.Hosting.
#if MOSAIC_GATEWAY
namespace Mosaic.Gateway.Hosting;
#else
namespace Mosaic;
#endif

/// <summary>
/// A JSON syntax error as a reader of the file wants it: System.Text.Json's sentence without its <c>Path</c> and
/// 0-based <c>LineNumber</c>/<c>BytePositionInLine</c> suffix, then the line (from the second on) and the byte in it,
/// counted from 1 as editors count lines and columns. One source file linked into each project that reports JSON errors.
/// </summary>
internal static class JsonErrorText
{
    /// <summary>A JSON error described as above; any other exception by its message.</summary>
    public static string Describe(Exception e) => e is JsonException json ? Describe(json) : e.Message;

    public static string Describe(JsonException e)
    {
        var message = e.Message;
        var end = message.IndexOfAny(['\r', '\n']);
        var sentence = end < 0 ? message : message[..end];
        foreach (var suffix in (string[])[" Path: ", " LineNumber: "])
        {
            var at = sentence.IndexOf(suffix, StringComparison.Ordinal);
            if (at >= 0)
            {
                sentence = sentence[..at];
            }
        }

        // The reader's own advice ("Change the reader options.") is for the program, not for the person writing the JSON.
        sentence = sentence.Replace(" Change the reader options.", "", StringComparison.Ordinal).TrimEnd(' ', '|', '.');
        // Bytes, as the reader counts them: an editor's column where the line is ASCII, further on where it is not.
        var column = (e.BytePositionInLine ?? 0) + 1;
        return e.LineNumber switch
        {
            null => sentence,
            0 => $"{sentence} at byte {column}", // one-line documents: a batch line, a request body
            { } line => $"{sentence} at line {line + 1}, byte {column}",
        };
    }
}
