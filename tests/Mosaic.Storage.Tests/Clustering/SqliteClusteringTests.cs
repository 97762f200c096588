using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mosaic.Client;
using Mosaic.Storage.Tests.Grains;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Mosaic.Storage.Tests.Clustering;

/// <summary>
/// Silo processes on one machine clustered through one SQLite file (no PostgreSQL, no primary silo): the oldest silo — a
/// child process — is SIGKILLed; the other silo declares it dead and a client keeps working through it.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class SqliteClusteringTests(ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), TestClusters.NewId("mosaic-sqlite-cluster"));

    [Fact]
    public async Task SqliteClustering_OldestSiloKilled_SurvivorAndClientCarryOn()
    {
        var file = Path.Combine(folder, MosaicStorage.SqliteFileName);
        var clusterId = TestClusters.NewId("sqlite-cluster");
        var serviceId = TestClusters.NewId("sqlite-cluster-svc");
        var storage = MembershipNode.Storage("sqlite", file);
        storage.ClusterId = clusterId;
        storage.ServiceId = serviceId;
        Directory.CreateDirectory(folder);
        await SqlSchemaInstaller.ApplyAsync(storage);

        using var oldest = ChildProcess.Start(
            MembershipNode.Command, Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "sqlite", file, clusterId, serviceId, "oldest");
        Assert.Equal("ready", await oldest.FirstLineAsync(TimeSpan.FromSeconds(60)));
        using var survivor = MembershipNode.Build(storage, clusterId, serviceId, "survivor");
        var clientHost = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        clientHost.UseOrleansClient(client => client.UseMosaicClustering(new MosaicClientOptions
        {
            Clustering = MosaicClustering.Sqlite, ConnectionString = storage.ConnectionString, ClusterId = clusterId, ServiceId = serviceId,
        }));
        using var clientApp = clientHost.Build();
        try
        {
            await survivor.StartAsync();
            var membership = survivor.Services.GetRequiredService<IClusterMembershipService>();
            await WaitForAsync(() => Task.FromResult(Active(membership) == 2), TimeSpan.FromSeconds(30), "two active silos");
            Assert.Equal([("oldest", 3), ("survivor", 3)], await RowsAsync(file, clusterId));

            await clientApp.StartAsync();
            var client = clientApp.Services.GetRequiredService<IClusterClient>();
            // Notes in rounds of 12 until some live on the oldest silo (random placement: one round almost always does).
            var notes = new List<INoteGrain>();
            var written = new List<NoteSnapshot>();
            while (!written.Any(snapshot => snapshot.Silo == "oldest") && notes.Count < 96)
            {
                var round = Enumerable.Range(notes.Count, 12).Select(i => client.GetGrain<INoteGrain>($"{clusterId}-{i}")).ToArray();
                notes.AddRange(round);
                written.AddRange(await Task.WhenAll(round.Select(note => note.SetAsync("kept"))));
            }

            Assert.Contains(written, snapshot => snapshot.Silo == "oldest");

            var killed = Stopwatch.StartNew();
            oldest.Kill();
            await WaitForAsync(
                () => Task.FromResult(membership.CurrentSnapshot.Members.Values.Any(m => m.Name == "oldest" && m.Status == SiloStatus.Dead)),
                TimeSpan.FromSeconds(30),
                "the oldest silo declared dead");
            output.WriteLine($"oldest silo declared dead {killed.Elapsed.TotalSeconds:F1} s after SIGKILL");
            Assert.True(killed.Elapsed < TimeSpan.FromSeconds(15), $"detection took {killed.Elapsed.TotalSeconds:F1} s");

            // The client carries on through the survivor; grains of the dead silo come back from the SQLite state.
            await WaitForAsync(
                async () =>
                {
                    try
                    {
                        var read = await Task.WhenAll(notes.Select(note => note.GetAsync()));
                        return read.All(snapshot => snapshot.Text == "kept" && snapshot.Silo == "survivor");
                    }
                    catch (Exception ex) when (ex is OrleansException or TimeoutException)
                    {
                        return false;
                    }
                },
                TimeSpan.FromSeconds(30),
                "every note read back through the survivor");
            Assert.Equal([("oldest", 6), ("survivor", 3)], await RowsAsync(file, clusterId));
        }
        finally
        {
            await clientApp.StopAsync(TimeSpan.FromSeconds(5));
            await survivor.StopAsync(TimeSpan.FromSeconds(5));
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int Active(IClusterMembershipService membership) =>
        membership.CurrentSnapshot.Members.Values.Count(member => member.Status == SiloStatus.Active);

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < limit, $"not reached within {limit.TotalSeconds:F0} s: {what}");
            await Task.Delay(100);
        }
    }

    private static async Task<(string, long)[]> RowsAsync(string file, string clusterId)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT silo_name, status FROM mosaic_membership WHERE deployment_id = $id ORDER BY silo_name";
        command.Parameters.AddWithValue("$id", clusterId);
        var rows = new List<(string, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return [.. rows];
    }
}
