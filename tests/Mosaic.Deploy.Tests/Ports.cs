using System.Net;
using System.Net.Sockets;

namespace Mosaic.Deploy.Tests;

/// <summary>
/// Runs of consecutive free TCP ports (the local-cluster script numbers silo ports base + i), taken below the
/// kernel's ephemeral range and never handed out twice in one test run: a port in the ephemeral range can be taken
/// by any outgoing connection (a database pool, another test's cluster) between this check and the silo's bind,
/// and the silo then aborts at start.
/// </summary>
internal static class Ports
{
    private const int Lowest = 10_000;

    private static readonly HashSet<int> HandedOut = [];

    private static readonly int EphemeralStart = ReadEphemeralStart();

    public static int FreeRun(int count)
    {
        lock (HandedOut)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var first = Random.Shared.Next(Lowest, EphemeralStart - count);
                var run = Enumerable.Range(first, count).ToArray();
                if (run.All(p => !HandedOut.Contains(p) && IsFree(p)))
                {
                    HandedOut.UnionWith(run);
                    return first;
                }
            }
        }

        throw new InvalidOperationException($"no run of {count} free ports found between {Lowest} and {EphemeralStart}");
    }

    private static int ReadEphemeralStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], out var start) && start > Lowest + 1_000
            ? start
            : 32_768;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
