using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mosaic.Client;

/// <summary>Registers the Mosaic client in a host.</summary>
public static class MosaicClientServiceExtensions
{
    private const string ConnectionManagerCategory = "Orleans.Runtime.Messaging.ConnectionManager";

    /// <summary>
    /// An Orleans client joined to the Mosaic cluster (<see cref="MosaicClientBuilderExtensions.UseMosaicClustering(IClientBuilder, MosaicClientOptions)"/>;
    /// from the host's configuration when <paramref name="options"/> is null) and <see cref="IMosaicClient"/>.
    /// </summary>
    /// <remarks>
    /// Orleans' connection manager logs a warning with a stack trace for each failed connection attempt; unless the
    /// configuration sets a level for <c>Orleans.Runtime.Messaging.ConnectionManager</c>, it logs errors only, and the
    /// client's own line says that no silo answers (its start then fails after <see cref="MosaicClientOptions.ConnectTimeout"/>
    /// with one <see cref="ClusterUnavailableException"/>).
    /// </remarks>
    /// <exception cref="MosaicClientException">The options are invalid.</exception>
    public static IHostApplicationBuilder AddMosaicClient(this IHostApplicationBuilder builder, MosaicClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var resolved = (options ?? MosaicClientOptions.FromConfiguration(builder.Configuration)).Validate();
        if (builder.Configuration[$"Logging:LogLevel:{ConnectionManagerCategory}"] is null)
        {
            builder.Logging.AddFilter(ConnectionManagerCategory, LogLevel.Error);
        }

        builder.UseOrleansClient(client => client.UseMosaicClustering(resolved));
        builder.Services.AddMosaicClient();
        return builder;
    }

    /// <summary><see cref="IMosaicClient"/> over the <see cref="IClusterClient"/> already registered (e.g. by <c>UseOrleansClient</c>).</summary>
    public static IServiceCollection AddMosaicClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IMosaicClient>(provider => new MosaicClient(provider.GetRequiredService<IClusterClient>()));
        return services;
    }
}
