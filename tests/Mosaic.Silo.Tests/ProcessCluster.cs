using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mosaic.Abstractions;
using Mosaic.Benchmarks.Processes;
using Mosaic.Client;
using Mosaic.Storage;

namespace Mosaic.Silo.Tests;

/// <summary>
/// A <see cref="SiloCluster"/> of real silo processes with its own cluster id, a temporary folder for logs (and the
/// SQLite file) and a connected client. Disposing stops the client, kills every process and deletes the folder.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    private readonly string _folder;
    private IHost? _client;

    private ProcessCluster(string folder, SiloCluster silos, IHost client)
    {
        _folder = folder;
        Silos = silos;
        _client = client;
    }

    public SiloCluster Silos { get; }

    public IClusterClient Client => _client!.Services.GetRequiredService<IClusterClient>();

    public IMosaicClient Mosaic => new MosaicClient(Client);

    public static Task<ProcessCluster> PostgresAsync(string connection, double timeScale) =>
        StartAsync(folder => Named(new MosaicStorageOptions { Provider = MosaicStorageProvider.Postgres, ConnectionString = connection }), timeScale);

    public static Task<ProcessCluster> SqliteAsync(double timeScale) =>
        StartAsync(folder => Named(new MosaicStorageOptions
        {
            Provider = MosaicStorageProvider.Sqlite, DataFolder = Path.Combine(folder, "data"), UseSqliteClustering = true,
        }), timeScale);

    /// <summary>The silos' log lines worth reading when a test fails: Mosaic's own and membership decisions.</summary>
    public string Logs()
    {
        var lines = Silos.AllProcesses.SelectMany(p => p.Lines().Select(l => $"[{p.Worker} pid {p.Id}] {l}"))
            .Where(l => l.Contains("Mosaic.", StringComparison.Ordinal) && !l.Contains("OutcomeForwarder", StringComparison.Ordinal)
                || l.Contains("MembershipTableManager", StringComparison.Ordinal))
            .Select(l => l.Length > 300 ? l[..300] : l)
            .ToArray();
        return "\n" + string.Join("\n", lines.Skip(Math.Max(0, lines.Length - 80)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await StopQuietlyAsync(_client);
            _client = null;
        }

        await Silos.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<ProcessCluster> StartAsync(Func<string, MosaicStorageOptions> storage, double timeScale)
    {
        var folder = Directory.CreateTempSubdirectory("mosaic-silo-test-").FullName;
        SiloCluster? silos = null;
        try
        {
            silos = await SiloCluster.StartAsync(new SiloClusterOptions
            {
                Silos = 3,
                Storage = storage(folder),
                TimeScale = timeScale,
                LogFolder = Path.Combine(folder, "logs"),
            });
            var client = await silos.ConnectAsync();
            await silos.WaitForWorkersAsync(client.Services.GetRequiredService<IClusterClient>(), TimeSpan.FromMinutes(1));
            return new ProcessCluster(folder, silos, client);
        }
        catch
        {
            if (silos is not null)
            {
                await silos.DisposeAsync();
            }

            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    private static MosaicStorageOptions Named(MosaicStorageOptions storage)
    {
        var id = $"silo-test-{Guid.NewGuid():N}"[..24];
        (storage.ClusterId, storage.ServiceId) = (id, id);
        return storage;
    }

    private static async Task StopQuietlyAsync(IHost host)
    {
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await host.StopAsync(stop.Token);
        }
        catch (Exception)
        {
            // the silos may all be gone
        }

        host.Dispose();
    }
}
