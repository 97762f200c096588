using System.Net;

namespace Mosaic.Hosting;

/// <summary>
/// TCP ports free right now for silos about to start, taken below the kernel's ephemeral range and never handed out
/// twice by one process. A port in the ephemeral range (what binding port 0 returns) can be taken by any outgoing
/// connection — a database pool, another cluster's client — between this check and the silo's bind, and that silo
/// then fails to start.
/// </summary>
internal static class FreePorts
{
    private const int Lowest = 10_000;

    private static readonly HashSet<int> HandedOut = [];

    private static readonly int EphemeralStart = ReadEphemeralStart();

    /// <summary><paramref name="count"/> distinct free ports.</summary>
    public static int[] Take(int count) => [.. Enumerable.Range(0, count).Select(_ => Run(1))];

    /// <summary>The first of <paramref name="count"/> consecutive free ports (for settings numbered base + i).</summary>
    public static int Run(int count)
    {
        lock (HandedOut)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var first = Random.Shared.Next(Lowest, EphemeralStart - count + 1);
                var run = Enumerable.Range(first, count).ToArray();
                if (run.All(p => !HandedOut.Contains(p) && ListenPorts.Problem(IPAddress.Any, p) is null))
                {
                    HandedOut.UnionWith(run);
                    return first;
                }
            }
        }

        throw new InvalidOperationException($"no run of {count} free TCP ports between {Lowest} and {EphemeralStart}");
    }

    private static int ReadEphemeralStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        var fields = File.Exists(range) ? File.ReadAllText(range).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries) : [];
        return fields.Length > 0 && int.TryParse(fields[0], out var start) && start > Lowest + 1_000 ? start : 32_768;
    }
}
