using System.Net;
using System.Net.Sockets;

namespace Mosaic.Deploy.Tests;

/// <summary>Runs of consecutive free TCP ports (the local-cluster script numbers silo ports base + i).</summary>
internal static class Ports
{
    public static int FreeRun(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(20_000, 60_000 - count);
            if (Enumerable.Range(first, count).All(IsFree))
            {
                return first;
            }
        }

        throw new InvalidOperationException($"no run of {count} free ports found");
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
