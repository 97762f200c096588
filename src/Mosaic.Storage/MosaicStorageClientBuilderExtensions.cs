using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Mosaic.Storage;

/// <summary>Points an Orleans client at the cluster membership kept by Mosaic's storage (PostgreSQL, or SQLite when
/// enabled).</summary>
public static class MosaicStorageClientBuilderExtensions
{
    private static readonly TimeSpan GatewayListRefreshPeriod = TimeSpan.FromSeconds(10);

    /// <summary>Configures client clustering from the <c>Mosaic:Storage</c> section of <paramref name="configuration"/>.</summary>
    /// <exception cref="MosaicStorageException">The configuration is invalid.</exception>
    public static IClientBuilder UseMosaicClustering(this IClientBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return builder.UseMosaicClustering(MosaicStorageOptions.FromConfiguration(configuration));
    }

    /// <summary>
    /// PostgreSQL with clustering (or SQLite with <see cref="MosaicStorageOptions.UseSqliteClustering"/>): the client finds
    /// gateways through the membership table (ADO.NET clustering), joins
    /// <see cref="MosaicStorageOptions.ClusterId"/> / <see cref="MosaicStorageOptions.ServiceId"/> (the silo reads the
    /// same keys, <c>Silo:ClusterId</c> and <c>Silo:ServiceId</c>) and refreshes its gateway list every 10 s instead of
    /// every minute, so a restarted silo is used again promptly.
    /// Otherwise there is no shared membership table, so the builder is left as it is and the host keeps its own
    /// clustering (e.g. <c>UseLocalhostClustering()</c>). The client never changes the schema.
    /// </summary>
    /// <exception cref="MosaicStorageException">The options are invalid.</exception>
    public static IClientBuilder UseMosaicClustering(this IClientBuilder builder, MosaicStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = options.GetConnectionString();
        if (!options.UsesDatabaseClustering)
        {
            return builder;
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(options.ClusterId, nameof(options.ClusterId));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ServiceId, nameof(options.ServiceId));
        var (clusterId, serviceId) = (options.ClusterId, options.ServiceId);
        builder.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (clusterId, serviceId));
        builder.Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = GatewayListRefreshPeriod);
        return builder.UseAdoNetClustering(clustering =>
        {
            clustering.Invariant = options.Provider == MosaicStorageProvider.Postgres ? MosaicStorage.PostgresInvariant : MosaicStorage.SqliteInvariant;
            clustering.ConnectionString = connectionString;
        });
    }
}
