using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Mosaic.Storage.Tests;

public sealed class MosaicClusteringClientTests
{
    [Fact]
    public void UseMosaicClustering_PostgresWithoutIds_JoinsClusterAndServiceMosaic()
    {
        var services = ClientServices(new()
        {
            ["Mosaic:Storage:Provider"] = "postgres",
            ["Mosaic:Storage:ConnectionString"] = "Host=db;Database=mosaic;Username=u;Password=p",
        });

        var cluster = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal(("mosaic", "mosaic"), (cluster.ClusterId, cluster.ServiceId));
        Assert.Equal(TimeSpan.FromSeconds(10), services.GetRequiredService<IOptions<GatewayOptions>>().Value.GatewayListRefreshPeriod);
    }

    [Fact]
    public void UseMosaicClustering_SiloKeysSet_UsesTheSameIdsAsTheSilo()
    {
        var services = ClientServices(new()
        {
            ["Mosaic:Storage:Provider"] = "postgres",
            ["Mosaic:Storage:ConnectionString"] = "Host=db;Database=mosaic;Username=u;Password=p",
            ["Silo:ClusterId"] = "gpu-cluster",
            ["Silo:ServiceId"] = "mosaic-prod",
        });

        var cluster = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal(("gpu-cluster", "mosaic-prod"), (cluster.ClusterId, cluster.ServiceId));
    }

    [Fact]
    public void UseMosaicClustering_Sqlite_LeavesTheClientsOwnClustering()
    {
        var services = ClientServices(new() { ["Mosaic:Storage:Provider"] = "sqlite", ["Silo:ClusterId"] = "ignored" }, client =>
            client.UseLocalhostClustering(serviceId: "dev-svc", clusterId: "dev-cluster"));

        var cluster = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal(("dev-cluster", "dev-svc"), (cluster.ClusterId, cluster.ServiceId));
    }

    private static IServiceProvider ClientServices(Dictionary<string, string?> settings, Action<IClientBuilder>? before = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var host = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        host.UseOrleansClient(client =>
        {
            before?.Invoke(client);
            client.UseMosaicClustering(configuration);
        });
        return host.Build().Services;
    }
}
