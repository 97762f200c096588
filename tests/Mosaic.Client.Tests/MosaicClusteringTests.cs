using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Mosaic.Client.Tests;

public sealed class MosaicClusteringTests
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
    public void UseMosaicClustering_SqliteWithoutMembership_UsesLocalhostGatewaysWithTheLocalhostSilosIds()
    {
        var services = ClientServices(new()
        {
            ["Mosaic:Storage:Provider"] = "sqlite",
            ["Silo:ClusterId"] = "ignored: localhost silos keep Orleans' defaults",
            ["Mosaic:Client:GatewayPorts"] = "30000, 30001",
        });

        var cluster = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal(("default", "default"), (cluster.ClusterId, cluster.ServiceId));
        var gateways = services.GetRequiredService<IOptions<StaticGatewayListProviderOptions>>().Value.Gateways;
        Assert.Equal([30000, 30001], gateways.Select(g => g.Port));
    }

    /// <summary>A list (a JSON array, or <c>Mosaic__Client__GatewayPorts__0</c>) was ignored for the default 30000 until 2026-12-05.</summary>
    [Fact]
    public void FromConfiguration_GatewayPortsAsAList_AreRead()
    {
        var options = MosaicClientOptions.FromConfiguration(Configuration(new()
        {
            ["Mosaic:Client:GatewayPorts:0"] = "30010",
            ["Mosaic:Client:GatewayPorts:1"] = "30011",
        }));

        Assert.Equal([30010, 30011], options.GatewayPorts);
        Assert.Throws<MosaicClientException>(() => MosaicClientOptions.FromConfiguration(Configuration(new() { ["Mosaic:Client:GatewayPorts:0"] = "x" })));
    }

    [Fact]
    public void FromConfiguration_SqliteClustering_PointsAtTheSilosFile()
    {
        var options = MosaicClientOptions.FromConfiguration(Configuration(new()
        {
            ["Mosaic:Storage:Provider"] = "sqlite",
            ["Mosaic:Storage:SqliteClustering"] = "true",
            ["Mosaic:Storage:DataFolder"] = "/var/mosaic",
            ["Mosaic:Client:ServiceId"] = "svc",
        }));

        Assert.Equal(MosaicClustering.Sqlite, options.Clustering);
        Assert.Equal("Data Source=/var/mosaic/mosaic.db", options.GetConnectionString());
        Assert.Equal(("mosaic", "svc"), (options.EffectiveClusterId, options.EffectiveServiceId));
    }

    [Theory]
    [InlineData("Mosaic:Storage:Provider", "oracle", "Mosaic:Storage:Provider 'oracle' is not supported; use memory, sqlite or postgres.")]
    [InlineData("Mosaic:Client:GatewayPorts", "30000,x", "Mosaic:Client:GatewayPorts '30000,x' must list TCP ports separated by commas.")]
    [InlineData("Mosaic:Storage:SqliteClustering", "yes", "Mosaic:Storage:SqliteClustering 'yes' is not true or false.")]
    [InlineData("Mosaic:Client:ClusterPatience", "soon", "Mosaic:Client:ClusterPatience 'soon' must be a positive time span such as 00:02:00.")]
    [InlineData("Mosaic:Client:ConnectTimeout", "0", "Mosaic:Client:ConnectTimeout '0' must be a positive time span such as 00:00:20.")]
    public void FromConfiguration_BadValue_OneLineNamingTheKey(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?> { ["Mosaic:Storage:Provider"] = "sqlite", [key] = value };

        var error = Assert.Throws<MosaicClientException>(() => MosaicClientOptions.FromConfiguration(Configuration(settings)));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void UseMosaicClustering_RegistersThePatienceAndTheClusterItsErrorsName()
    {
        var services = ClientServices(new() { ["Mosaic:Client:GatewayPorts"] = "30000,30001", ["Mosaic:Client:ClusterPatience"] = "00:00:30" });

        var contact = ClusterContact.Of(services.GetRequiredService<IClusterClient>());

        Assert.Equal(TimeSpan.FromSeconds(30), contact.Patience);
        Assert.Equal("cluster id 'default', service id 'default', gateways localhost:30000, localhost:30001", contact.Cluster);
    }

    [Fact]
    public void Describe_Postgres_NamesTheDatabaseAndHostNotThePassword()
    {
        var options = new MosaicClientOptions { Clustering = MosaicClustering.Postgres, ConnectionString = "Host=db;Port=5433;Database=mosaic;Username=u;Password=secret" };

        Assert.Equal("cluster id 'mosaic', service id 'mosaic', gateways from the membership table of PostgreSQL database 'mosaic' on db:5433", options.Describe());
        Assert.Equal(MosaicClientOptions.DefaultClusterPatience, options.EffectiveClusterPatience);
    }

    [Fact]
    public void Validate_PostgresWithoutConnectionString_NamesTheSetting()
    {
        var error = Assert.Throws<MosaicClientException>(() => new MosaicClientOptions { Clustering = MosaicClustering.Postgres }.Validate());

        Assert.StartsWith("PostgreSQL clustering needs a connection string: set Mosaic:Storage:ConnectionString", error.Message);
    }

    [Fact]
    public void AddMosaicClient_RegistersTheFacadeOverTheClusterClient()
    {
        var host = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        host.AddMosaicClient(new MosaicClientOptions { GatewayPorts = [31000], ConnectRetryInterval = TimeSpan.FromSeconds(1) });
        using var app = host.Build();

        Assert.IsType<MosaicClient>(app.Services.GetRequiredService<IMosaicClient>());
        Assert.NotNull(app.Services.GetService<IClientConnectionRetryFilter>());
    }

    [Fact]
    public void ClientAssembly_ReferencesNoStorageProviderAndNoServerCode()
    {
        var references = typeof(MosaicClient).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

        Assert.Contains("Mosaic.Abstractions", references);
        Assert.DoesNotContain(references, name => name.StartsWith("Mosaic.Storage", StringComparison.Ordinal)
            || name.StartsWith("Mosaic.Grains", StringComparison.Ordinal)
            || name.StartsWith("Orleans.Persistence", StringComparison.Ordinal)
            || name.StartsWith("Orleans.Runtime", StringComparison.Ordinal)
            || name.StartsWith("Orleans.Server", StringComparison.Ordinal));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static IServiceProvider ClientServices(Dictionary<string, string?> settings)
    {
        var host = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        host.UseOrleansClient(client => client.UseMosaicClustering(Configuration(settings)));
        return host.Build().Services;
    }
}
