using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Mosaic.Storage.Tests.Clustering;

/// <summary>
/// Three silos clustered through PostgreSQL (one in this process, two child processes); the two children are SIGKILLed
/// at once. With <see cref="MosaicMembershipSiloBuilderExtensions.UseMosaicMembershipDefaults"/> the lone survivor
/// declares both dead within 15 s (Orleans' defaults need 90 s or more).
/// </summary>
[Trait("Category", "Cluster")]
public sealed class MembershipFailureDetectionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan DetectionLimit = TimeSpan.FromSeconds(15);

    [PostgresFact]
    public async Task Survivor_TwoOfThreeSilosKilled_DeclaresBothDeadWithin15Seconds()
    {
        var connectionString = PostgresFactAttribute.ConnectionString!;
        await SqlSchemaInstaller.ApplyAsync(new MosaicStorageOptions { Provider = MosaicStorageProvider.Postgres, ConnectionString = connectionString });
        var clusterId = TestClusters.NewId("pg-kill");
        var serviceId = TestClusters.NewId("pg-kill-svc");
        using var survivor = MembershipNode.Build(MembershipNode.Storage("postgres", connectionString), clusterId, serviceId, "survivor");
        var children = new List<ChildProcess>();
        try
        {
            await survivor.StartAsync();
            foreach (var name in new[] { "victim-1", "victim-2" })
            {
                children.Add(ChildProcess.Start(
                    MembershipNode.Command, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "postgres", connectionString, clusterId, serviceId, name));
            }

            foreach (var child in children)
            {
                Assert.Equal("ready", await child.FirstLineAsync(TimeSpan.FromSeconds(180)));
            }
            var membership = survivor.Services.GetRequiredService<IClusterMembershipService>();
            await WaitForAsync(() => Count(membership, SiloStatus.Active) == 3, TimeSpan.FromSeconds(30), "three active silos");
            var killed = Stopwatch.StartNew();
            foreach (var child in children)
            {
                child.Kill();
            }

            await WaitForAsync(() => Count(membership, SiloStatus.Dead) == 2, TimeSpan.FromSeconds(60), "both victims declared dead");
            var detected = killed.Elapsed;
            output.WriteLine($"both killed silos declared dead {detected.TotalSeconds:F1} s after SIGKILL");

            Assert.True(detected < DetectionLimit, $"detection took {detected.TotalSeconds:F1} s");
            Assert.Equal(
                [("survivor", 3), ("victim-1", 6), ("victim-2", 6)],
                await MembershipRowsAsync(connectionString, clusterId));
        }
        finally
        {
            foreach (var child in children)
            {
                child.Dispose();
            }
            await survivor.StopAsync(TimeSpan.FromSeconds(5));
            await DeleteClusterAsync(connectionString, clusterId);
        }
    }

    private static int Count(IClusterMembershipService membership, SiloStatus status) =>
        membership.CurrentSnapshot.Members.Values.Count(member => member.Status == status);

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < limit, $"not reached within {limit.TotalSeconds:F0} s: {what}");
            await Task.Delay(50);
        }
    }

    private static async Task<(string, int)[]> MembershipRowsAsync(string connectionString, string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT silo_name, status FROM mosaic_membership WHERE deployment_id = $1 ORDER BY silo_name", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = clusterId });
        var rows = new List<(string, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return [.. rows];
    }

    private static async Task DeleteClusterAsync(string connectionString, string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("DELETE FROM mosaic_membership_version WHERE deployment_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = clusterId });
        await command.ExecuteNonQueryAsync();
    }
}
