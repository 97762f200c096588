using Microsoft.Extensions.Configuration;
using Orleans.Hosting;

namespace Mosaic.Storage;

/// <summary>Points an Orleans client at the cluster membership kept by Mosaic's PostgreSQL storage.</summary>
public static class MosaicStorageClientBuilderExtensions
{
    /// <summary>Configures client clustering from the <c>Mosaic:Storage</c> section of <paramref name="configuration"/>.</summary>
    /// <exception cref="MosaicStorageException">The configuration is invalid.</exception>
    public static IClientBuilder UseMosaicClustering(this IClientBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return builder.UseMosaicClustering(MosaicStorageOptions.FromConfiguration(configuration));
    }

    /// <summary>
    /// PostgreSQL with clustering: the client finds gateways through the membership table (ADO.NET clustering).
    /// Memory and SQLite have no shared membership table, so the builder is left as it is and the host keeps its own
    /// clustering (e.g. <c>UseLocalhostClustering()</c>). The client never changes the schema.
    /// </summary>
    /// <exception cref="MosaicStorageException">The options are invalid.</exception>
    public static IClientBuilder UseMosaicClustering(this IClientBuilder builder, MosaicStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = options.GetConnectionString();
        if (options.Provider != MosaicStorageProvider.Postgres || !options.UseClustering)
        {
            return builder;
        }

        return builder.UseAdoNetClustering(clustering =>
        {
            clustering.Invariant = MosaicStorage.PostgresInvariant;
            clustering.ConnectionString = connectionString;
        });
    }
}
