using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// The web server, stopping the host when it cannot start. The host starts its services together and reports a
/// failure only once all have started, and the cluster client keeps trying to connect until the cluster answers: a
/// gateway whose port was taken would otherwise wait, silent, for a cluster that may never come.
/// </summary>
internal sealed class ServerStartWatch(IServer server, IHostApplicationLifetime lifetime) : IServer
{
    public IFeatureCollection Features => server.Features;

    /// <summary>Wraps the registered server (Kestrel) of <paramref name="services"/>.</summary>
    public static void Add(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IServer));
        if (registered is null)
        {
            return;
        }

        services.Remove(registered);
        services.AddSingleton<IServer>(provider => new ServerStartWatch(Create(provider, registered), provider.GetRequiredService<IHostApplicationLifetime>()));
    }

    public async Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        try
        {
            await server.StartAsync(application, cancellationToken);
        }
        catch
        {
            lifetime.StopApplication();
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);

    public void Dispose() => server.Dispose();

    private static IServer Create(IServiceProvider provider, ServiceDescriptor registered) =>
        (IServer)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!));
}
