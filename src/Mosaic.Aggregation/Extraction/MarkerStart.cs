namespace Mosaic.Aggregation.Extraction;

/// <summary>A text that ends part-way into a marker (a think tag, a stop sequence): cut there, or still being written.</summary>
public static class MarkerStart
{
    /// <summary>
    /// The length of the longest proper start of <paramref name="marker"/>, of at least <paramref name="minimum"/>
    /// characters, that <paramref name="text"/> ends with; 0 when none.
    /// </summary>
    public static int LengthAtEnd(string text, string marker, StringComparison comparison, int minimum = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(marker);
        for (var length = Math.Min(marker.Length - 1, text.Length); length >= minimum; length--)
        {
            if (text.EndsWith(marker[..length], comparison))
            {
                return length;
            }
        }

        return 0;
    }
}
