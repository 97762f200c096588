using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;

namespace Mosaic.Client;

/// <summary>Points an Orleans client at a Mosaic cluster.</summary>
public static class MosaicClientBuilderExtensions
{
    private const string PostgresInvariant = "Npgsql";

    /// <summary>The pause between connection attempts of a start bounded by <see cref="MosaicClientOptions.ConnectTimeout"/>.</summary>
    private static readonly TimeSpan ConnectAttemptInterval = TimeSpan.FromSeconds(1);

    // The ADO.NET invariant Orleans maps to Microsoft.Data.Sqlite.
    private const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>Clustering from configuration (<see cref="MosaicClientOptions.FromConfiguration"/>: the silos' keys).</summary>
    /// <exception cref="MosaicClientException">The configuration is invalid.</exception>
    public static IClientBuilder UseMosaicClustering(this IClientBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return builder.UseMosaicClustering(MosaicClientOptions.FromConfiguration(configuration));
    }

    /// <summary>
    /// Localhost: the given gateway ports. PostgreSQL or SQLite: gateways found through the membership table (ADO.NET
    /// clustering), refreshed every <see cref="MosaicClientOptions.GatewayListRefreshPeriod"/> so a restarted silo is
    /// used again promptly. Either way the client joins <see cref="MosaicClientOptions.EffectiveClusterId"/> /
    /// <see cref="MosaicClientOptions.EffectiveServiceId"/>; its start fails after <see cref="MosaicClientOptions.ConnectTimeout"/>
    /// (<see cref="ClusterUnavailableException"/>) unless <see cref="MosaicClientOptions.ConnectRetryInterval"/> has it try
    /// until its host stops, and a <see cref="MosaicClient"/> over it keeps asking a silent cluster for
    /// <see cref="MosaicClientOptions.ClusterPatience"/>. The client never changes a schema.
    /// </summary>
    /// <exception cref="MosaicClientException">The options are invalid.</exception>
    public static IClientBuilder UseMosaicClustering(this IClientBuilder builder, MosaicClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var connectionString = options.GetConnectionString();
        var (clusterId, serviceId, refresh) = (options.EffectiveClusterId, options.EffectiveServiceId, options.GatewayListRefreshPeriod);
        var connection = new ClusterConnectionWatch();
        var contact = new ClusterContact(options.EffectiveClusterPatience, options.Describe(), connection);
        builder.Services.AddSingleton(contact);
        builder.AddClusterConnectionStatusObserver(connection);
        // Orleans alone tries about three minutes, with a stack trace per attempt, before a start fails.
        var (interval, timeout) = (options.ConnectRetryInterval ?? ConnectAttemptInterval, options.ConnectRetryInterval is null ? options.ConnectTimeout : (TimeSpan?)null);
        builder.Services.AddSingleton<IClientConnectionRetryFilter>(services => new ConnectRetryFilter(interval, timeout, contact, services.GetRequiredService<ILogger<ConnectRetryFilter>>()));
        builder.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (clusterId, serviceId));
        // A silo on PostgreSQL sends the driver's exceptions back when the store fails (a 503 at the gateway, not a codec error).
        builder.Services.Configure<ExceptionSerializationOptions>(exceptions => exceptions.SupportedNamespacePrefixes.Add(typeof(Npgsql.NpgsqlException).Namespace!));
        // A caller's trace (an HTTP request's, say) goes with its grain calls; nothing is traced unless the host listens.
        builder.AddActivityPropagation();
        if (options.Clustering == MosaicClustering.Localhost)
        {
            return builder.UseLocalhostClustering([.. options.GatewayPorts]);
        }

        builder.Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = refresh);
        return builder.UseAdoNetClustering(clustering =>
        {
            clustering.Invariant = options.Clustering == MosaicClustering.Postgres ? PostgresInvariant : SqliteInvariant;
            clustering.ConnectionString = connectionString;
        });
    }
}
