using System.Text.Json;
using Mosaic.Benchmarks.Processes;
using Mosaic.Hosting;

namespace Mosaic.Deploy.Tests;

/// <summary>
/// <c>mosaic run --cluster localhost:PORT</c>, without ids, against a <c>Mosaic.Silo</c> process on localhost clustering
/// started without ids: until 2026-12-06 the CLI looked for cluster id <c>dev</c> while the silo ran as <c>default</c>, and
/// gave up after 20 s ("cannot connect") unless the user guessed <c>--cluster-id default --service-id default</c>.
/// </summary>
public sealed class LocalhostRunTests : IDisposable
{
    private const string EmulatedPool = """
        { "backend": "emulated", "time_scale": 0.01, "experts": { "alpha": { "load_s": 1, "per_prompt_s": 0.3 }, "beta": { "load_s": 1, "per_prompt_s": 0.3 } },
          "aggregator": { "name": "judge", "kind": "reasoning", "load_s": 1, "per_prompt_s": 0.5 } }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("mosaic-localhost-run-").FullName;

    [Fact]
    public async Task Run_AgainstALocalhostSiloStartedWithoutIds_FindsItWithoutIds()
    {
        var pool = Path.Combine(_folder, "pool.json");
        File.WriteAllText(pool, EmulatedPool);
        var requests = Path.Combine(_folder, "requests.jsonl");
        File.WriteAllLines(requests, Enumerable.Range(1, 3).Select(i =>
            $$$"""{"custom_id": "q{{{i}}}", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "mosaic", "messages": [{"role": "user", "content": "What is {{{i}}} + 2?"}]}}"""));
        var output = Path.Combine(_folder, "results.jsonl");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await using var silo = DeploySilos.Start("gpu0", FreePorts.Run(3), settings: new Dictionary<string, string> { [SiloSettings.PoolFileKey] = pool });
        await silo.WaitReadyAsync(http, TimeSpan.FromMinutes(2));

        var (exit, _, stderr) = await ChildProcess.RunAsync(
            "dotnet", [Repository.CliDll, "run", "-i", requests, "-o", output, "--config", pool, "--cluster", $"localhost:{silo.Options.GatewayPort}"], TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, stderr);
        var statuses = File.ReadLines(output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("response").GetProperty("status_code").GetInt32());
        Assert.Equal([200, 200, 200], statuses);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
