using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Mosaic.Hosting;

/// <summary>
/// TCP ports a host is about to listen on: checked before it starts, so that a port held by another process is one
/// line naming the port rather than a failed start with stack traces (Orleans' listeners and Kestrel both throw).
/// </summary>
public static class ListenPorts
{
    /// <summary>
    /// Why <paramref name="port"/> cannot be listened on at <paramref name="address"/> right now, as the end of a
    /// sentence that starts with the port ("is already in use by another process"); null when it can.
    /// </summary>
    public static string? Problem(IPAddress address, int port)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen();
            return null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => "is already in use by another process",
                SocketError.AccessDenied => "needs privileges this process does not have",
                SocketError.AddressNotAvailable => $"cannot be opened: {address} is not an address of this machine",
                _ => $"cannot be opened: {e.Message}",
            };
        }
    }

    /// <summary>
    /// Whether a host failed to start because a port was taken after <see cref="Problem"/> found it free: Orleans
    /// throws <see cref="AddressInUseException"/>, Kestrel an <see cref="IOException"/> around one, which a host may wrap in an <see cref="AggregateException"/>.
    /// </summary>
    public static bool IsAddressInUse(Exception exception) => exception switch
    {
        AddressInUseException or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } => true,
        AggregateException a => a.InnerExceptions.Any(IsAddressInUse),
        { InnerException: { } inner } => IsAddressInUse(inner),
        _ => false,
    };
}
