using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mosaic.Client;
using Mosaic.Storage.Tests.Grains;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Mosaic.Storage.Tests;

/// <summary>Real silo processes' worth of hosting (TCP on loopback) clustered through our PostgreSQL membership tables.</summary>
[Trait("Category", "Cluster")]
public sealed class PostgresClusteringTests
{
    private const int Active = 3;
    private const int Dead = 6;
    private static readonly TimeSpan DefunctRetention = TimeSpan.FromSeconds(2);

    [PostgresFact]
    public async Task Two_silos_and_a_client_cluster_through_the_membership_tables()
    {
        var connectionString = PostgresFactAttribute.ConnectionString!;
        var clusterId = TestClusters.NewId("pg-cluster");
        var serviceId = TestClusters.NewId("pg-svc");
        var storage = new MosaicStorageOptions
        {
            Provider = MosaicStorageProvider.Postgres,
            ConnectionString = connectionString,
            ClusterId = clusterId,
            ServiceId = serviceId,
        };
        var hosts = new List<IHost>();
        try
        {
            // Starting at all proves every clustering query key the 10.4.2 provider requires is present.
            var silo1 = StartSilo(hosts, storage, clusterId, serviceId, "silo-1");
            await silo1.StartAsync();
            var silo2 = StartSilo(hosts, storage, clusterId, serviceId, "silo-2");
            await silo2.StartAsync();

            Assert.Equal([("silo-1", Active), ("silo-2", Active)], await MembershipAsync(connectionString, clusterId));
            var versionAfterJoin = await TableVersionAsync(connectionString, clusterId);
            Assert.True(versionAfterJoin >= 4, $"table version {versionAfterJoin}: two inserts and two status updates expected");

            var clientHost = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            clientHost.UseOrleansClient(client => client.UseMosaicClustering(new MosaicClientOptions
            {
                Clustering = MosaicClustering.Postgres, ConnectionString = connectionString, ClusterId = clusterId, ServiceId = serviceId,
            }));
            var clientApp = clientHost.Build();
            hosts.Add(clientApp);
            await clientApp.StartAsync();
            var client = clientApp.Services.GetRequiredService<IClusterClient>();

            var active = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(2, active.Count);

            var notes = Enumerable.Range(0, 12).Select(_ => client.GetGrain<INoteGrain>(TestClusters.NewId("clustered"))).ToArray();
            var written = await Task.WhenAll(notes.Select(note => note.SetAsync("shared")));
            Assert.All(written, snapshot => Assert.Contains(snapshot.Silo, new[] { "silo-1", "silo-2" }));

            // Heartbeats (UpdateIAmAlivetimeKey) move i_am_alive_time without touching the table version.
            var firstBeat = await LastHeartbeatAsync(connectionString, clusterId, "silo-1");
            await WaitForAsync(async () => await LastHeartbeatAsync(connectionString, clusterId, "silo-1") > firstBeat);

            // A graceful stop marks the silo Dead in the table; its grains come back on silo-1 from the database.
            await silo2.StopAsync();
            Assert.Equal([("silo-1", Active), ("silo-2", Dead)], await MembershipAsync(connectionString, clusterId));
            Assert.True(await TableVersionAsync(connectionString, clusterId) > versionAfterJoin);

            var stoppedAt = DateTime.UtcNow;

            await WaitForAsync(async () => (await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count == 1);
            var readBack = await Task.WhenAll(notes.Select(note => note.GetAsync()));
            Assert.All(readBack, snapshot =>
            {
                Assert.Equal("shared", snapshot.Text);
                Assert.Equal("1", snapshot.ETag);
                Assert.Equal("silo-1", snapshot.Silo);
            });

            // Once the dead row is older than the retention, the next membership change (silo-3 joining) makes the
            // first active silo delete it (10.4.2 uses CleanupDefunctSiloEntryKey when the catalogue has it).
            var wait = stoppedAt + DefunctRetention + TimeSpan.FromMilliseconds(500) - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var silo3 = StartSilo(hosts, storage, clusterId, serviceId, "silo-3");
            await silo3.StartAsync();
            await WaitForAsync(async () =>
                (await MembershipAsync(connectionString, clusterId)).SequenceEqual([("silo-1", Active), ("silo-3", Active)]));
        }
        finally
        {
            foreach (var host in Enumerable.Reverse(hosts))
            {
                await host.StopAsync(TimeSpan.FromSeconds(5));
                host.Dispose();
            }

            await ExecuteAsync(connectionString, "DELETE FROM mosaic_membership_version WHERE deployment_id = @id", clusterId);
            await ExecuteAsync(connectionString, "DELETE FROM mosaic_grain_state WHERE service_id = @id", serviceId);
        }
    }

    private static IHost StartSilo(List<IHost> hosts, MosaicStorageOptions storage, string clusterId, string serviceId, string name)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId));
            silo.Configure<SiloOptions>(o => o.SiloName = name);
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.IAmAliveTablePublishTimeout = TimeSpan.FromMilliseconds(500);
                o.DefunctSiloCleanupPeriod = DefunctRetention;
                o.DefunctSiloExpiration = DefunctRetention;
                o.DefunctSiloMinimumRetention = DefunctRetention;
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, TestClusters.FreeTcpPort(), TestClusters.FreeTcpPort());
            silo.AddMosaicStorage(storage);
        });
        var host = builder.Build();
        hosts.Add(host);
        return host;
    }

    private static async Task<(string, int)[]> MembershipAsync(string connectionString, string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT silo_name, status FROM mosaic_membership WHERE deployment_id = @id ORDER BY silo_name", connection);
        command.Parameters.AddWithValue("id", clusterId);
        var rows = new List<(string, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return [.. rows];
    }

    private static async Task<int> TableVersionAsync(string connectionString, string clusterId) =>
        (int)(await ScalarAsync(connectionString, "SELECT version FROM mosaic_membership_version WHERE deployment_id = @id", clusterId))!;

    private static async Task<DateTime> LastHeartbeatAsync(string connectionString, string clusterId, string silo)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT i_am_alive_time FROM mosaic_membership WHERE deployment_id = @id AND silo_name = @silo", connection);
        command.Parameters.AddWithValue("id", clusterId);
        command.Parameters.AddWithValue("silo", silo);
        return (DateTime)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql, string id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(string connectionString, string sql, string id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 15 s");
            await Task.Delay(100);
        }
    }
}
