using System.Globalization;

namespace Mosaic.Benchmarks;

/// <summary>The host's load, reported beside wall-clock-driven emulated figures (a loaded host stretches them).</summary>
internal static class HostLoad
{
    private const string LoadAverageFile = "/proc/loadavg";

    /// <summary>The 1-minute load average (Linux), or NaN where it cannot be read.</summary>
    public static double OneMinute()
    {
        try
        {
            var first = File.Exists(LoadAverageFile) ? File.ReadAllText(LoadAverageFile).Split(' ', 2)[0] : null;
            return first is not null && double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : double.NaN;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
