using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Mosaic.Client;
using Mosaic.Hosting;

namespace Mosaic.Deploy.Tests;

/// <summary>
/// A Mosaic client pointed at a real <c>Mosaic.Silo</c> with the wrong cluster id: its start fails after the client's
/// connect timeout with one line that says the silo is of another cluster id. Until 2026-12-06 it tried for about
/// three minutes, with a stack trace per attempt ("Connection terminated prematurely"), and never named the ids.
/// </summary>
public sealed class ClientConnectTests
{
    [Fact]
    public async Task Start_SiloOfAnotherClusterId_FailsAfterTheConnectTimeoutSayingSo()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await using var silo = DeploySilos.Start("gpu0", FreePorts.Run(3));
        await silo.WaitReadyAsync(http, TimeSpan.FromMinutes(2));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.AddMosaicClient(new MosaicClientOptions { GatewayPorts = [silo.Options.GatewayPort], ClusterId = "mosaic", ServiceId = "mosaic", ConnectTimeout = TimeSpan.FromSeconds(3) });
        using var client = builder.Build();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(() => client.StartAsync().WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(15));
        Assert.StartsWith($"No silo of the cluster answered within 3 s (cluster id 'mosaic', service id 'mosaic', gateways localhost:{silo.Options.GatewayPort}): ", error.Message, StringComparison.Ordinal);
        // Which of the two Orleans says depends on whether the silo's answer or its closing arrives first.
        Assert.True(
            error.Message.EndsWith(": a silo accepted the connection and closed it at once, as a silo of another cluster id does.", StringComparison.Ordinal)
            || error.Message.EndsWith(": Orleans reported a cluster id mismatch: the silo runs cluster id 'default', not 'mosaic'.", StringComparison.Ordinal),
            error.Message);
    }
}
