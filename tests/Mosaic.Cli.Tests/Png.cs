using SkiaSharp;

namespace Mosaic.Cli.Tests;

/// <summary>Reads a PNG back to check what a chart shows.</summary>
internal static class Png
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool HasSignature(string path) => File.ReadAllBytes(path).Take(8).SequenceEqual(Signature);

    public static SKBitmap Decode(string path) => SKBitmap.Decode(path) ?? throw new InvalidDataException($"{path} is not a decodable image");

    /// <summary>
    /// Rows (top to bottom) in which at least <paramref name="minPixels"/> sampled pixels have the colour of a bar:
    /// saturated, neither white nor grey. The minimum leaves out rows crossed only by thin vertical marker lines.
    /// </summary>
    public static IReadOnlyList<int> ColouredRows(SKBitmap bitmap, int fromX, int toX, int minPixels = 12)
    {
        var rows = new List<int>();
        for (var y = 0; y < bitmap.Height; y++)
        {
            var coloured = 0;
            for (var x = fromX; x < toX && coloured < minPixels; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                if (Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue)) > 60)
                {
                    coloured++;
                }
            }

            if (coloured >= minPixels)
            {
                rows.Add(y);
            }
        }

        return rows;
    }

    /// <summary>Runs of consecutive rows: one per horizontal band of bars.</summary>
    public static int Bands(IReadOnlyList<int> rows) => rows.Count == 0 ? 0 : 1 + rows.Zip(rows.Skip(1)).Count(p => p.Second - p.First > 3);
}
