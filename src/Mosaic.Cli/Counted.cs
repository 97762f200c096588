using System.Globalization;

namespace Mosaic.Cli;

/// <summary>A count with its noun in the right number: "1 aggregator call", "3 aggregator calls".</summary>
internal static class Counted
{
    public static string Of(long count, string noun, string? plural = null) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : plural ?? noun + "s");
}
