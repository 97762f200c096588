using System.ClientModel;
using Microsoft.Data.Sqlite;
using Mosaic.Gateway.Hosting;
using Mosaic.Hosting;
using Mosaic.Storage;
using OpenAI;

namespace Mosaic.Gateway.Tests;

/// <summary>
/// A two-worker embedded cluster (emulated backend, SQLite storage in a temporary folder) and a gateway in front of it
/// that requires an API key, started once for the whole test collection.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string ApiKey = "sk-test-key";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"mosaic-gateway-{Guid.NewGuid():N}");

    internal EmbeddedCluster Cluster { get; private set; } = null!;

    internal GatewayHost Gateway { get; private set; } = null!;

    internal MosaicStorageOptions Storage => new() { Provider = MosaicStorageProvider.Sqlite, DataFolder = _folder, InstallSchema = false };

    public OpenAIClient OpenAi => new(new ApiKeyCredential(ApiKey), new OpenAIClientOptions { Endpoint = new Uri(Gateway.BaseUrl, "v1") });

    public HttpClient Http(string? apiKey = ApiKey) => Gateway.Http(apiKey);

    public async Task InitializeAsync()
    {
        Cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
        {
            Workers = 2,
            Grains = TestPool.Grains(),
            Storage = new MosaicStorageOptions { Provider = MosaicStorageProvider.Sqlite, DataFolder = _folder },
            ServiceId = $"gateway-tests-{Guid.NewGuid():N}",
        });
        Gateway = await StartGatewayAsync();
    }

    /// <summary>Another gateway on the same cluster and store; <paramref name="tweak"/> changes its settings, <paramref name="pool"/> its pool's.</summary>
    internal Task<GatewayHost> StartGatewayAsync(Action<GatewayOptions>? tweak = null, string environment = "Production", Action<PoolOptions>? pool = null)
    {
        var options = new GatewayOptions
        {
            ApiKeys = [ApiKey],
            BatchScanInterval = TimeSpan.FromMilliseconds(200),
        };
        tweak?.Invoke(options);
        var served = TestPool.Pool();
        pool?.Invoke(served);
        return GatewayHost.StartAsync(
            new GatewaySetup { Cluster = Cluster.ClientOptions(), Storage = Storage, ServiceId = Cluster.ServiceId, Gateway = options, Pool = served },
            environment);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Cluster.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
