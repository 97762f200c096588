using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime.Messaging;

namespace Mosaic.Client.Tests;

/// <summary>
/// The client's first connection: retried forever while the host runs when it has a retry interval (a cancelled start
/// once the host stops), else for its connect timeout, then one <see cref="ClusterUnavailableException"/> naming the
/// cluster and the most telling cause. Until 2026-12-06 a client without a retry interval tried for about three minutes.
/// </summary>
public sealed class ConnectRetryFilterTests
{
    private static readonly ClusterContact Cluster = new(TimeSpan.FromMinutes(2), "cluster id 'mosaic', service id 'mosaic', gateways localhost:21302");

    [Fact]
    public async Task Retry_WhileTheHostRuns_TriesAgain()
    {
        var filter = new ConnectRetryFilter(TimeSpan.FromMilliseconds(1), null, Cluster, NullLogger<ConnectRetryFilter>.Instance);

        Assert.True(await filter.ShouldRetryConnectionAttempt(new InvalidOperationException("refused"), CancellationToken.None));
    }

    [Fact]
    public async Task Retry_OnceTheHostStops_EndsTheStartAsCancelled()
    {
        // Declining would make Orleans rethrow the connection error, which the hosts took for a crash (until 2026-12-06).
        var filter = new ConnectRetryFilter(TimeSpan.FromMinutes(1), null, Cluster, NullLogger<ConnectRetryFilter>.Instance);
        using var stopping = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => filter.ShouldRetryConnectionAttempt(new InvalidOperationException("refused"), stopping.Token));
    }

    /// <summary>
    /// A silo of another cluster id closes the connection at once ("Connection terminated prematurely"), and Orleans says
    /// "Unexpected cluster id" when the silo's answer came first; an attempt not even made ("will retry after") says less.
    /// </summary>
    [Theory]
    [InlineData("Connection terminated prematurely", "a silo accepted the connection and closed it at once, as a silo of another cluster id does")]
    [InlineData("Unexpected cluster id \"default\", expected \"mosaic\"", "Orleans reported a cluster id mismatch: the silo runs cluster id 'default', not 'mosaic'")]
    public async Task Timeout_SiloOfAnotherClusterId_SaysSo(string orleans, string cause)
    {
        var filter = new ConnectRetryFilter(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), Cluster, NullLogger<ConnectRetryFilter>.Instance);
        var closed = new ConnectionFailedException("Unable to connect to any of the 1 available gateways.",
            new ConnectionFailedException("Unable to connect to endpoint S127.0.0.1:21302:0. See InnerException", new InvalidOperationException(orleans)));
        var notTried = new ConnectionFailedException("Unable to connect to any of the 1 available gateways.",
            new ConnectionFailedException("Unable to connect to S127.0.0.1:21302:0, will retry after 499.3754ms"));

        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(async () =>
        {
            Assert.True(await filter.ShouldRetryConnectionAttempt(closed, CancellationToken.None));
            while (await filter.ShouldRetryConnectionAttempt(notTried, CancellationToken.None))
            {
            }
        });

        Assert.Equal($"No silo of the cluster answered within 0.1 s (cluster id 'mosaic', service id 'mosaic', gateways localhost:21302): {cause}.", error.Message);
    }

    /// <summary>A real client's start against a port nothing listens on: one line after the connect timeout.</summary>
    [Fact]
    public async Task Start_NothingOnTheGatewayPort_ClusterUnavailableAfterTheConnectTimeout()
    {
        var port = ClosedPort();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.AddMosaicClient(new MosaicClientOptions { GatewayPorts = [port], ClusterId = "mosaic", ServiceId = "mosaic", ConnectTimeout = TimeSpan.FromSeconds(2) });
        using var host = builder.Build();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(() => host.StartAsync().WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));
        Assert.Equal(
            $"No silo of the cluster answered within 2 s (cluster id 'mosaic', service id 'mosaic', gateways localhost:{port}): Unable to connect to 127.0.0.1:{port}. Error: ConnectionRefused.",
            error.Message);
    }

    private static int ClosedPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
