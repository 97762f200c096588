using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mosaic.Client;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Placement;
using Mosaic.Storage;

namespace Mosaic.Hosting;

/// <summary>
/// A real Orleans cluster inside this process (what <c>mosaic demo</c>, <c>run</c>, <c>serve</c> and the benchmarks
/// start): one silo host per worker with localhost clustering on free loopback ports — fine in one process, where
/// all silos live and die together — and one client. Ready once every silo sees every worker.
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private readonly List<IHost> _silos = [];
    private IHost? _client;
    private StoreLock? _storeLock;

    private EmbeddedCluster(EmbeddedClusterOptions options) => Options = options;

    public EmbeddedClusterOptions Options { get; }

    public IClusterClient Client => _client!.Services.GetRequiredService<IClusterClient>();

    public IMosaicClient Mosaic => new MosaicClient(Client);

    public IReadOnlyList<IHost> Silos => _silos;

    /// <summary>The Orleans cluster id (new for every start: membership lives in this process).</summary>
    public string ClusterId { get; private set; } = "";

    /// <summary>The Orleans service id: <see cref="EmbeddedClusterOptions.ServiceId"/>, or the cluster id when none is set.</summary>
    public string ServiceId { get; private set; } = "";

    /// <summary>The silos' gateway ports on loopback, for other clients in this process or on this machine.</summary>
    public IReadOnlyList<int> GatewayPorts { get; private set; } = [];

    /// <summary>How a client (a gateway, a sample) joins this cluster: localhost clustering on <see cref="GatewayPorts"/>.</summary>
    public MosaicClientOptions ClientOptions() => new()
    {
        Clustering = MosaicClustering.Localhost,
        GatewayPorts = [.. GatewayPorts],
        ClusterId = ClusterId,
        ServiceId = ServiceId,
    };

    /// <summary>
    /// The intra-op threads each of <paramref name="workers"/> in-process workers gets unless configured: an equal share
    /// of the cores. <see cref="ZooProfiling"/> measures with the same share, so profiles price what the workers run.
    /// </summary>
    public static int ThreadsPerWorker(int workers) => ThreadsPerWorker(workers, Environment.ProcessorCount);

    /// <summary><see cref="ThreadsPerWorker(int)"/> on a machine of <paramref name="cores"/> cores.</summary>
    public static int ThreadsPerWorker(int workers, int cores) => Math.Max(1, cores / Math.Max(1, workers));

    public static async Task<EmbeddedCluster> StartAsync(EmbeddedClusterOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var cluster = new EmbeddedCluster(options);
        try
        {
            await cluster.StartCoreAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var workers = Options.Workers;
        var ports = Options.FirstPort is { } first ? Enumerable.Range(first, 2 * workers).ToArray() : FreePorts.Take(2 * workers);
        var clusterId = ClusterId = Options.FirstPort is null ? $"embedded-{Guid.NewGuid():N}" : Options.ServiceId ?? "embedded";
        var serviceId = ServiceId = Options.ServiceId ?? clusterId;
        GatewayPorts = Enumerable.Range(0, workers).Select(n => ports[2 * n + 1]).ToArray();
        var primary = new IPEndPoint(IPAddress.Loopback, ports[0]);
        var threads = Options.Grains.Threads > 0 ? Options.Grains.Threads : ThreadsPerWorker(workers);
        _storeLock = StoreLock.Acquire(Options.Storage);
        if (Options.Storage.Provider != MosaicStorageProvider.Memory && Options.Storage.InstallSchema)
        {
            await SqlSchemaInstaller.ApplyAsync(Options.Storage, cancellationToken);
        }

        for (var n = 0; n < workers; n++)
        {
            var (siloPort, gatewayPort, worker) = (ports[2 * n], ports[2 * n + 1], $"gpu{n}");
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
            ConfigureLogging(builder.Logging);
            builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
            builder.UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, primary, serviceId: serviceId, clusterId: clusterId);
                silo.AddMosaicStorage(Options.Storage.Clone() is var storage && storage.Provider != MosaicStorageProvider.Memory ? Installed(storage) : storage);
                silo.AddMosaicGrains(Options.Grains.ForWorker(worker, threads), Options.WorkerMemoryGb);
            });
            var host = builder.Build();
            await host.StartAsync(cancellationToken);
            _silos.Add(host);
        }

        var client = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        ConfigureLogging(client.Logging);
        client.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        client.UseOrleansClient(c => c.UseMosaicClustering(ClientOptions()));
        _client = client.Build();
        await _client.StartAsync(cancellationToken);
        await WaitForWorkersAsync(workers, cancellationToken);
    }

    /// <summary>The schema was installed once above; the silos need not each install it again.</summary>
    private static MosaicStorageOptions Installed(MosaicStorageOptions storage)
    {
        storage.InstallSchema = false;
        return storage;
    }

    private void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(Options.LogLevel);
        if (Options.Logging is { } provider)
        {
            logging.AddProvider(provider);
        }
    }

    /// <summary>Silo metadata spreads a moment after a silo joins; until every silo sees every worker, plans would be short.</summary>
    private async Task WaitForWorkersAsync(int workers, CancellationToken cancellationToken)
    {
        var directories = _silos.Select(s => s.Services.GetRequiredService<WorkerDirectory>()).ToArray();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (directories.Any(d => d.ActiveWorkers().Count < workers))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the {workers} workers did not all appear in silo metadata within 30 s");
            }

            await Task.Delay(50, cancellationToken);
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

        _storeLock?.Dispose();
    }
}
