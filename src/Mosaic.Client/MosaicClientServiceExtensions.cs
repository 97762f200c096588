using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Mosaic.Client;

/// <summary>Registers the Mosaic client in a host.</summary>
public static class MosaicClientServiceExtensions
{
    /// <summary>
    /// An Orleans client joined to the Mosaic cluster (<see cref="MosaicClientBuilderExtensions.UseMosaicClustering(IClientBuilder, MosaicClientOptions)"/>;
    /// from the host's configuration when <paramref name="options"/> is null) and <see cref="IMosaicClient"/>.
    /// </summary>
    /// <exception cref="MosaicClientException">The options are invalid.</exception>
    public static IHostApplicationBuilder AddMosaicClient(this IHostApplicationBuilder builder, MosaicClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var resolved = (options ?? MosaicClientOptions.FromConfiguration(builder.Configuration)).Validate();
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
