using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Mosaic.Storage.Tests.Clustering;

/// <summary>A silo clustered through the database (PostgreSQL, or a SQLite file), run as a child process so that a test
/// can SIGKILL it.</summary>
internal static class MembershipNode
{
    public const string Command = "membership-node";

    /// <summary>The storage of a node: <paramref name="provider"/> is <c>postgres</c> (a connection string) or
    /// <c>sqlite</c> (a database file, with SQLite clustering).</summary>
    public static MosaicStorageOptions Storage(string provider, string connection) => MosaicStorageOptions.ParseProvider(provider) switch
    {
        MosaicStorageProvider.Sqlite => new MosaicStorageOptions
        {
            Provider = MosaicStorageProvider.Sqlite,
            ConnectionString = $"Data Source={connection}",
            UseSqliteClustering = true,
            InstallSchema = false,
        },
        _ => new MosaicStorageOptions { Provider = MosaicStorageProvider.Postgres, ConnectionString = connection, InstallSchema = false },
    };

    /// <summary>Builds a silo host: ADO.NET clustering in <paramref name="storage"/>'s database, loopback TCP, Mosaic's
    /// membership settings unless <paramref name="orleansDefaults"/>.</summary>
    public static IHost Build(MosaicStorageOptions storage, string clusterId, string serviceId, string name, bool orleansDefaults = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (Environment.GetEnvironmentVariable("MOSAIC_NODE_LOG") == "1")
        {
            builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ");
        }
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId));
            silo.Configure<SiloOptions>(o => o.SiloName = name);
            silo.ConfigureEndpoints(IPAddress.Loopback, TestClusters.FreeTcpPort(), TestClusters.FreeTcpPort());
            silo.AddMosaicStorage(storage);
            if (!orleansDefaults)
            {
                silo.UseMosaicMembershipDefaults();
            }
        });
        return builder.Build();
    }

    /// <summary>Arguments: parent pid, provider (postgres | sqlite), connection string or file, cluster id, service id,
    /// silo name, [orleans-defaults]. Writes "ready" once active, then runs until killed or until the parent is gone.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var parentText, var provider, var connection, var clusterId, var serviceId, var name, .. var flags])
        {
            Console.Error.WriteLine($"usage: {Command} <parent-pid> <postgres|sqlite> <connection|file> <cluster> <service> <name> [orleans-defaults]");
            return 2;
        }

        using var host = Build(Storage(provider, connection), clusterId, serviceId, name, flags.Contains("orleans-defaults"));
        await host.StartAsync();
        Console.WriteLine("ready");

        // SIGTERM stops the host (graceful leave); SIGKILL is the test's business.
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var parent = int.Parse(parentText, CultureInfo.InvariantCulture);
        while (IsAlive(parent) && !stopping.IsCancellationRequested)
        {
            await Task.Delay(1000, CancellationToken.None);
        }

        await host.StopAsync(TimeSpan.FromSeconds(10));
        return 0;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
