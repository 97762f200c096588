using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Mosaic.TestSupport;

/// <summary>
/// A loopback TCP proxy in front of a real server that a test can cut off and bring back, to stage an outage of that
/// server (a database restart, a network partition) without stopping it for other tests: <see cref="Cut"/> resets every
/// open connection and refuses new ones; <see cref="Restore"/> accepts again on the same port.
/// </summary>
public sealed class TcpOutageProxy : IAsyncDisposable
{
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly object _lock = new();
    private readonly HashSet<TcpClient> _open = [];
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    private TcpOutageProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Accept(listener);
    }

    /// <summary>The loopback port clients connect to instead of the server's.</summary>
    public int Port { get; }

    /// <summary>Connections accepted since the proxy started.</summary>
    public int Accepted { get; private set; }

    public static TcpOutageProxy Start(string targetHost, int targetPort) => new(targetHost, targetPort);

    /// <summary>
    /// A proxy in front of the PostgreSQL server <paramref name="connectionString"/> names, and that connection string
    /// pointed at the proxy. A refused connection fails at once whatever the connect timeout; 15 s leaves room for a CI
    /// machine whose thread pool is busy starting several clusters (3 s timed out there).
    /// </summary>
    public static (TcpOutageProxy Proxy, string ConnectionString) ForPostgres(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var host = builder.TryGetValue("Host", out var h) ? Convert.ToString(h, CultureInfo.InvariantCulture)! : "localhost";
        var port = builder.TryGetValue("Port", out var p) ? Convert.ToInt32(p, CultureInfo.InvariantCulture) : 5432;
        var proxy = Start(host, port);
        builder["Host"] = "127.0.0.1";
        builder["Port"] = proxy.Port;
        builder["Timeout"] = 15;
        return (proxy, builder.ConnectionString);
    }

    /// <summary>Refuses new connections and resets the open ones.</summary>
    public void Cut()
    {
        TcpClient[] open;
        lock (_lock)
        {
            _listener?.Stop();
            _listener = null;
            open = [.. _open];
            _open.Clear();
        }

        foreach (var client in open)
        {
            try
            {
                client.Client?.Close(timeout: 0); // a reset, as a dying server's kernel sends
            }
            catch (ObjectDisposedException)
            {
            }

            client.Dispose();
        }
    }

    /// <summary>Accepts connections again, on the same port.</summary>
    public void Restore()
    {
        lock (_lock)
        {
            if (_listener is not null)
            {
                return;
            }
        }

        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Accept(listener);
    }

    public async ValueTask DisposeAsync()
    {
        Cut();
        await _accepting;
    }

    private void Accept(TcpListener listener)
    {
        lock (_lock)
        {
            _listener = listener;
        }

        _accepting = Task.Run(async () =>
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
                {
                    return; // stopped by Cut
                }

                _ = PipeAsync(client);
            }
        });
    }

    private async Task PipeAsync(TcpClient client)
    {
        var server = new TcpClient();
        lock (_lock)
        {
            Accepted++;
            _open.Add(client);
            _open.Add(server);
        }

        try
        {
            await server.ConnectAsync(_targetHost, _targetPort);
            var toServer = client.GetStream().CopyToAsync(server.GetStream());
            var toClient = server.GetStream().CopyToAsync(client.GetStream());
            await Task.WhenAny(toServer, toClient);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
        finally
        {
            lock (_lock)
            {
                _open.Remove(client);
                _open.Remove(server);
            }

            client.Dispose();
            server.Dispose();
        }
    }
}
