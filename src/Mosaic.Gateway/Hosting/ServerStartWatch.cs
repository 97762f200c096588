using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// The web server, stopping the host when it cannot start (with <see cref="GatewaySetup.KeepBindFailure"/>, a bind
/// failure is kept in <see cref="BindError"/> for the entry point to report in one line). The host starts its services together and reports a
/// failure only once all have started, and the cluster client keeps trying to connect until the cluster answers: a
/// gateway whose port was taken would otherwise wait, silent, for a cluster that may never come.
/// </summary>
internal sealed class ServerStartWatch(IServer server, IHostApplicationLifetime lifetime, bool keepBindFailure) : IServer
{
    public IFeatureCollection Features => server.Features;

    /// <summary>Wraps the registered server (Kestrel) of <paramref name="services"/>.</summary>
    public static void Add(IServiceCollection services, bool keepBindFailure)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IServer));
        if (registered is null)
        {
            return;
        }

        services.Remove(registered);
        services.AddSingleton<IServer>(provider => new ServerStartWatch(Create(provider, registered), provider.GetRequiredService<IHostApplicationLifetime>(), keepBindFailure));
    }

    public async Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        try
        {
            await server.StartAsync(application, cancellationToken);
        }
        catch (Exception e) when (keepBindFailure && BindFailure.Message(e) is { } message)
        {
            // Kept rather than thrown: the host would log it as "Hosting failed to start" with its stack trace on stdout.
            BindError = message;
            lifetime.StopApplication();
        }
        catch
        {
            lifetime.StopApplication();
            throw;
        }
    }

    /// <summary>Why the server could not listen (a port another process holds), once its start has failed so.</summary>
    public string? BindError { get; private set; }

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);

    public void Dispose() => server.Dispose();

    private static IServer Create(IServiceProvider provider, ServiceDescriptor registered) =>
        (IServer)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!));
}
