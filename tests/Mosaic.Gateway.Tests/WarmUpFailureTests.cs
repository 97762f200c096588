using Microsoft.Extensions.Logging;
using Mosaic.Abstractions.Results;
using Mosaic.Aggregation.Gating;
using Mosaic.Gateway.Health;
using Mosaic.Gateway.Hosting;
using Mosaic.Grains.Hosting;
using Mosaic.Hosting;
using Mosaic.Scheduling;
using Mosaic.Storage;

namespace Mosaic.Gateway.Tests;

/// <summary>
/// Warm-up calls that fail are one warning that says why (the worker's error), not "the silos' log says why" (until
/// 2026-12-06): the gateway's operator often cannot read the silos' logs.
/// </summary>
public sealed class WarmUpFailureTests
{
    /// <summary>
    /// A TorchSharp expert whose weights file went away after the silo started (it checks the folder then): every
    /// warm-up call fails loading it, on the real backend.
    /// </summary>
    [Fact]
    public async Task WarmUp_AModelThatCannotLoad_TheWarningCarriesTheLoadError()
    {
        var folder = Directory.CreateTempSubdirectory("mosaic-gateway-broken-").FullName;
        try
        {
            ScriptedReasoner.Write(folder, 4);
            await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
            {
                Workers = 1,
                Grains = new MosaicGrainsOptions
                {
                    Backend = BackendKind.TorchSharp,
                    Device = "cpu",
                    Threads = 1,
                    PlanTimeLimitMs = 1000,
                    Experts = new Dictionary<string, ExpertOptions>(StringComparer.Ordinal)
                    {
                        ["broken"] = new() { Kind = ExpertKind.Reasoning, ModelPath = folder, MaxNewTokens = 16, ContextTokens = 512, LoadSeconds = 0.1, PerPromptSeconds = 0.1 },
                    },
                },
                ServiceId = $"warm-up-failure-tests-{Guid.NewGuid():N}",
            });
            File.Delete(Path.Combine(folder, "model.safetensors"));
            var logs = new CapturedLogs();
            await using var gateway = await GatewayHost.StartAsync(
                new GatewaySetup
                {
                    Cluster = cluster.ClientOptions(),
                    Storage = new MosaicStorageOptions { Provider = MosaicStorageProvider.Memory },
                    ServiceId = cluster.ServiceId,
                    Gateway = new GatewayOptions { ApiKeys = [GatewayFixture.ApiKey], BatchScanInterval = TimeSpan.Zero, WarmUp = true, WarmUpBatchSize = 2 },
                    Pool = new PoolOptions { Experts = ["broken"] },
                },
                logs: logs);

            var reports = await gateway.Service<WarmUpState>().Ended.WaitAsync(TimeSpan.FromSeconds(120));

            Assert.NotNull(reports);
            Assert.Equal(2, reports.Sum(r => r.FailedCalls));
            var warning = Assert.Single(logs.Entries, e => e.Category == typeof(GatewayWarmUp).FullName && e.Level == LogLevel.Warning);
            Assert.StartsWith("2 warm-up calls failed: broken (2 calls on gpu0): loading broken failed: ", warning.Message, StringComparison.Ordinal);
            Assert.Contains("model.safetensors", warning.Message, StringComparison.Ordinal);
            Assert.EndsWith("; questions sent to those models will miss their votes", warning.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\n", warning.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Describe_EachModelAndErrorOnce_MostFrequentFirst_SharedSlotsNotCounted()
    {
        var load = Failed("judge", "gpu0", "loading judge failed: Could not find file '/models/judge/model.safetensors'.\n   at …");
        var results = new[]
        {
            Result([Failed("alpha", "gpu1", "CUDA out of memory"), Failed("alpha", "gpu1", "CUDA out of memory") with { SharedFromSlot = 0 }], load),
            Result([Failed("alpha", "gpu0", "CUDA out of memory")], load with { Worker = "gpu1" }),
            Result([Failed("beta", "", null)], load),
        };

        Assert.Equal(
            "judge (3 calls on gpu0, gpu1): loading judge failed: Could not find file '/models/judge/model.safetensors'.; "
            + "alpha (2 calls on gpu0, gpu1): CUDA out of memory; beta (1 call): no reason given",
            WarmUpFailures.Describe(results));
    }

    [Fact]
    public void Describe_ManyReasons_TheFirstThreeAndHowManyMore()
    {
        var results = new[] { Result([.. Enumerable.Range(0, 5).Select(i => Failed($"e{i}", "gpu0", $"error {i}"))], null) };

        Assert.Equal("e0 (1 call on gpu0): error 0; e1 (1 call on gpu0): error 1; e2 (1 call on gpu0): error 2; and 2 more", WarmUpFailures.Describe(results));
    }

    private static ExpertCallResult Failed(string expert, string worker, string? error) => new(expert, worker, CallStatus.Failed, null, null, 0, 0, 0, false, error);

    private static QuestionResult Result(ExpertCallResult[] calls, ExpertCallResult? aggregator) => new(
        "q", calls, new GateSummary(false, null, 0, 1, GateRule.Off, [], "off", false), aggregator, null, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 0);
}
