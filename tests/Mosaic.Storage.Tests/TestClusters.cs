using System.Net;
using System.Net.Sockets;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Mosaic.Storage.Tests;

internal static class TestClusters
{
    public const string DeleteOnClearStorage = "mosaic-delete-on-clear";

    /// <summary>An in-process cluster whose silos use <see cref="MosaicStorageSiloBuilderExtensions.AddMosaicStorage(Orleans.Hosting.ISiloBuilder, MosaicStorageOptions)"/>.</summary>
    public static async Task<InProcessTestCluster> DeployAsync(MosaicStorageOptions storage, string serviceId, short silos = 1)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMosaicStorage(storage);
            if (storage.Provider == MosaicStorageProvider.Memory)
            {
                return;
            }

            // The same database through a second provider that deletes rows on clear (exercises DeleteStorageKey).
            silo.AddAdoNetGrainStorage(DeleteOnClearStorage, options =>
            {
                options.Invariant = storage.Provider == MosaicStorageProvider.Postgres
                    ? MosaicStorage.PostgresInvariant
                    : MosaicStorage.SqliteInvariant;
                options.ConnectionString = storage.GetConnectionString();
                options.DeleteStateOnClear = true;
            });
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
