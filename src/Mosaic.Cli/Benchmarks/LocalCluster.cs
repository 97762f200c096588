using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Placement;

namespace Mosaic.Cli.Benchmarks;

/// <summary>
/// A real Orleans cluster inside this process: one silo host per worker (gpu0 … gpuN-1) with localhost clustering on
/// free loopback ports and in-memory grain storage, plus a client host.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private readonly List<IHost> _silos = [];
    private IHost? _client;

    public IClusterClient Client => _client!.Services.GetRequiredService<IClusterClient>();

    public static async Task<LocalCluster> StartAsync(int workers, Func<string, MosaicGrainsOptions> options)
    {
        var cluster = new LocalCluster();
        var ports = FreePorts(2 * workers);
        var clusterId = $"bench-{Guid.NewGuid():N}";
        var primary = new IPEndPoint(IPAddress.Loopback, ports[0]);
        for (var n = 0; n < workers; n++)
        {
            var (siloPort, gatewayPort, worker) = (ports[2 * n], ports[2 * n + 1], $"gpu{n}");
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
            builder.Logging.SetMinimumLevel(LogLevel.Error);
            builder.UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, primary, serviceId: clusterId, clusterId: clusterId);
                silo.AddMemoryGrainStorage(MosaicStorageNames.Grains);
                silo.AddMosaicGrains(options(worker));
            });
            var host = builder.Build();
            await host.StartAsync();
            cluster._silos.Add(host);
        }

        var client = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        client.Logging.SetMinimumLevel(LogLevel.Error);
        client.UseOrleansClient(c => c.UseLocalhostClustering(
            Enumerable.Range(0, workers).Select(n => ports[2 * n + 1]).ToArray(), serviceId: clusterId, clusterId: clusterId));
        cluster._client = client.Build();
        await cluster._client.StartAsync();
        await cluster.WaitForWorkersAsync(workers);
        return cluster;
    }

    /// <summary>Silo metadata spreads a moment after a silo joins; until every silo sees every worker, plans would be short.</summary>
    private async Task WaitForWorkersAsync(int workers)
    {
        var directories = _silos.Select(s => s.Services.GetRequiredService<WorkerDirectory>()).ToArray();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (directories.Any(d => d.ActiveWorkers().Count < workers))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the {workers} workers did not all appear in silo metadata within 30 s");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync();
            _client.Dispose();
        }

        foreach (var silo in Enumerable.Reverse(_silos))
        {
            await silo.StopAsync();
            silo.Dispose();
        }
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        foreach (var listener in listeners)
        {
            listener.Start();
        }

        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var listener in listeners)
        {
            listener.Stop();
        }

        return ports;
    }
}
