using System.Net;
using Microsoft.Extensions.Logging;
using Mosaic.Client;
using Mosaic.Gateway.Hosting;
using Mosaic.Hosting;
using Mosaic.Storage;
using Mosaic.TestSupport;

namespace Mosaic.Gateway.Tests;

/// <summary>
/// PostgreSQL unreachable under a running cluster and gateway: every request that needs the store is a 503 naming it,
/// which the OpenAI SDKs retry. Until 2026-12-06 a chat completion was a 500 "Internal error (CodecNotFoundException)"
/// (the silo could not send Npgsql's exception back) and files and batches a 500 "(NpgsqlException)".
/// </summary>
public sealed class StoreOutageTests
{
    [PostgresFact]
    public async Task PostgresUnreachable_ChatFilesAndBatches_Are503NamingTheStore_ThenServeAgain()
    {
        var (proxy, proxied) = TcpOutageProxy.ForPostgres(PostgresFactAttribute.ConnectionString!);
        await using var _ = proxy;
        var storage = new MosaicStorageOptions { Provider = MosaicStorageProvider.Postgres, ConnectionString = proxied, UseClustering = false };
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
        {
            Workers = 1,
            Grains = TestPool.Grains(),
            Storage = storage,
            ServiceId = $"store-outage-{Guid.NewGuid():N}",
        });
        var gatewayStorage = storage.Clone();
        gatewayStorage.InstallSchema = false;
        await using var gateway = await GatewayHost.StartAsync(new GatewaySetup
        {
            Cluster = cluster.ClientOptions(),
            Storage = gatewayStorage,
            ServiceId = cluster.ServiceId,
            Gateway = new GatewayOptions { ApiKeys = [GatewayFixture.ApiKey], BatchScanInterval = TimeSpan.FromMinutes(10) },
            Pool = TestPool.Pool(),
        });
        using var http = gateway.Http();
        const string Chat = """{"model": "mosaic", "messages": [{"role": "user", "content": "What is 2 + 3?"}]}""";
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("v1/chat/completions", Json.Body(Chat))).StatusCode);

        proxy.Cut();
        using var upload = new MultipartFormDataContent { { new StringContent("batch"), "purpose" }, { new ByteArrayContent("{}\n"u8.ToArray()), "file", "in.jsonl" } };
        var refused = new[]
        {
            await http.PostAsync("v1/chat/completions", Json.Body(Chat)),
            await http.GetAsync("v1/batches"),
            await http.PostAsync("v1/files", upload),
        };

        foreach (var response in refused)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode} {body}");
            var error = (await Json.ReadAsync(response)).GetProperty("error");
            Assert.Equal("server_error", error.GetProperty("type").GetString());
            Assert.Equal("store_unavailable", error.GetProperty("code").GetString());
            Assert.StartsWith("The job store (database) is unavailable: ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal("5", Assert.Single(response.Headers.GetValues("Retry-After")));
        }

        proxy.Restore();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        while ((status = (await http.PostAsync("v1/chat/completions", Json.Body(Chat))).StatusCode) != HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(HttpStatusCode.OK, status);
    }

    /// <summary>
    /// A store that answers but cannot serve, which no retry mends: a 500 <c>store_error</c> naming the problem, logged
    /// once as an error without a stack trace. Until 2026-12-06 a 503 <c>store_unavailable</c> that the SDKs retried.
    /// </summary>
    [PostgresFact]
    public async Task PostgresWithoutTheSchemaOrWithAWrongPassword_Are500StoreErrorNamingIt_LoggedOnce()
    {
        const string ApplyScript = "apply infra/sql/postgresql/05-batches.sql (a silo or gateway with Mosaic:Storage:InstallSchema=true does it at start-up).";
        var missingSchema = new Npgsql.NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString) { SearchPath = $"mosaic_missing_{Guid.NewGuid():N}" };
        var wrongPassword = new Npgsql.NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString) { Password = "not-the-password" };
        (string Store, string Path, string Problem)[] cases =
        [
            (missingSchema.ConnectionString, "v1/files", $"PostgreSQL batch store: relation \"mosaic_file\" does not exist; {ApplyScript}"),
            (missingSchema.ConnectionString, "v1/batches", $"PostgreSQL batch store: relation \"mosaic_batch\" does not exist; {ApplyScript}"),
            (wrongPassword.ConnectionString, "v1/files", $"28P01: password authentication failed for user \"{wrongPassword.Username}\" (check the user and password of Mosaic:Storage:ConnectionString)"),
        ];

        foreach (var (store, path, problem) in cases)
        {
            var logs = new CapturedLogs();
            await using var gateway = await GatewayHost.StartAsync(
                new GatewaySetup
                {
                    Cluster = new MosaicClientOptions { Clustering = MosaicClustering.Localhost, GatewayPorts = [FreePort.Next()], ClusterId = "nobody", ServiceId = "nobody" },
                    Storage = new MosaicStorageOptions { Provider = MosaicStorageProvider.Postgres, ConnectionString = store, InstallSchema = false, UseClustering = false },
                    Gateway = new GatewayOptions { BatchScanInterval = TimeSpan.Zero },
                    Pool = TestPool.Pool(),
                },
                "Development",
                waitForCluster: false,
                logs);
            using var http = gateway.Http(null);

            var response = await http.GetAsync(path);

            var error = await Json.AssertErrorAsync(response, 500, "store_error");
            Assert.Equal("server_error", error.GetProperty("type").GetString());
            Assert.Equal($"The job store (database) failed: {problem}", error.GetProperty("message").GetString());
            Assert.False(response.Headers.Contains("Retry-After"));
            var logged = Assert.Single(logs.Entries, e => e.Message.Contains(problem, StringComparison.Ordinal));
            Assert.Equal(LogLevel.Error, logged.Level);
            Assert.Equal($"GET /{path} failed with 500: The job store (database) failed: {problem} (PostgresException)", logged.Message);
            Assert.Null(logged.Exception);
        }
    }

    /// <summary>
    /// The batch scan (every 50 ms here) says once that the store cannot be read and once that it can again, not at every
    /// scan: until 2026-12-06 a store down for a minute wrote thirty warnings at the default two-second interval.
    /// </summary>
    [PostgresFact]
    public async Task BatchScan_StoreUnreachable_WarnsOnceAndSaysWhenItIsReadableAgain()
    {
        var (proxy, proxied) = TcpOutageProxy.ForPostgres(PostgresFactAttribute.ConnectionString!);
        await using var _ = proxy;
        var logs = new CapturedLogs();
        await using var gateway = await GatewayHost.StartAsync(
            new GatewaySetup
            {
                Cluster = new MosaicClientOptions { Clustering = MosaicClustering.Localhost, GatewayPorts = [FreePort.Next()], ClusterId = "nobody", ServiceId = "nobody" },
                Storage = new MosaicStorageOptions { Provider = MosaicStorageProvider.Postgres, ConnectionString = proxied, UseClustering = false },
                Gateway = new GatewayOptions { BatchScanInterval = TimeSpan.FromMilliseconds(50) },
                Pool = TestPool.Pool(),
            },
            "Development",
            waitForCluster: false,
            logs);
        IReadOnlyList<string> Scans() => [.. logs.Entries.Where(e => e.Message.StartsWith("Batch scan: ", StringComparison.Ordinal)).Select(e => e.Message)];

        proxy.Cut();
        await UntilAsync(() => Scans().Count > 0);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // some thirty scans, each failing
        proxy.Restore();
        await UntilAsync(() => Scans().Count > 1);
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        Assert.Collection(
            Scans(),
            first => Assert.StartsWith("Batch scan: the batch store is not readable: ", first, StringComparison.Ordinal),
            back => Assert.Matches(@"^Batch scan: the batch store is readable again after \d+ s$", back));
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); !condition(); await Task.Delay(50))
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
        }
    }
}
