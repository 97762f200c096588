using Mosaic.Grains.Hosting;
using Mosaic.Hosting;
using Mosaic.Storage;

namespace Mosaic.Cli.Tests;

/// <summary>
/// One embedded cluster per SQLite store. Two would each resume the other's running jobs (every silo's resume scan
/// wakes every job the store lists as running), so one job would run in two clusters at once; until 2026-12-04 a
/// second <c>mosaic serve</c> on the same <c>--data</c> started without a word.
/// </summary>
public sealed class StoreLockTests : IDisposable
{
    private const string EmulatedPool = """
        { "backend": "emulated", "time_scale": 0.01, "experts": { "alpha": { "load_s": 1, "per_prompt_s": 0.3 }, "beta": { "load_s": 1, "per_prompt_s": 0.3 } },
          "aggregator": { "name": "judge", "kind": "reasoning", "load_s": 1, "per_prompt_s": 0.5 } }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("mosaic-store-lock-").FullName;

    [Fact]
    public async Task SecondClusterServeOrDemoOnAHeldStore_IsRefusedInOneLine_AndTheStoreIsFreeOnceTheFirstStops()
    {
        var data = Path.Combine(_folder, "data");
        var pool = Path.Combine(_folder, "pool.json");
        File.WriteAllText(pool, EmulatedPool);
        var first = await StartAsync(data);

        var second = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => StartAsync(data));
        var serve = CliRunner.Run("serve", "--config", pool, "--data", data, "--port", "0");
        var demo = CliRunner.Run("demo", "--data", data, "--out", Path.Combine(_folder, "demo"));

        var inUse = $"the SQLite store '{Path.Combine(data, MosaicStorage.SqliteFileName)}' is in use by another Mosaic cluster";
        Assert.StartsWith(inUse, second.Message, StringComparison.Ordinal);
        Assert.Equal((2, ""), (serve.ExitCode, serve.Stdout));
        Assert.StartsWith($"error: {inUse}", Assert.Single(serve.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Equal((2, ""), (demo.ExitCode, demo.Stdout));
        Assert.StartsWith($"error: {inUse}", Assert.Single(demo.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data, MosaicStorage.SqliteFileName)), "the running cluster's store must survive the refused demo");

        await first.DisposeAsync();
        await using var again = await StartAsync(data);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<EmbeddedCluster> StartAsync(string data) => EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
    {
        Workers = 1,
        Grains = new MosaicGrainsOptions(),
        Storage = new MosaicStorageOptions { Provider = MosaicStorageProvider.Sqlite, DataFolder = data },
    });
}
