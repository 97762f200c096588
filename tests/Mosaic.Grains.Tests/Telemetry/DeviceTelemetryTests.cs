using Microsoft.Extensions.Options;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Grains.Backends;
using Mosaic.Grains.Devices;
using Mosaic.Testing;
using static Mosaic.Grains.Tests.Calls;

namespace Mosaic.Grains.Tests.Telemetry;

/// <summary>The Mosaic meter as the device records it (an in-process <see cref="MetricRecorder"/> on the harness's own meter).</summary>
public sealed class DeviceTelemetryTests
{
    [Fact]
    public async Task Device_CallsLoadsAndTokens_AreRecordedByWorkerExpertRoleAndStatus()
    {
        await using var h = new DeviceHarness(TestOptions.Emulated());
        using var metrics = new MetricRecorder(meter => meter == h.Telemetry.Meter);
        h.Device.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2"), Planned("slow", "q3"), OpenEnded("agg")]);
        h.Device.Submit([Request("j", "x", "q1"), Request("j", "x", "q2"), Request("j", "slow", "q3"), Aggregator("j", "agg", "q9")]);
        await h.Backend.WhenStarted(Key("q3"));

        var depth = metrics.Observe("mosaic.queue.depth");
        h.Device.Cancel("j", [Key("q3")]);
        var outcomes = await Task.WhenAll(h.Aggregation.OutcomeOf(Key("q1")), h.Aggregation.OutcomeOf(Key("q2")), h.Aggregation.OutcomeOf(Key("q3")));
        await h.Aggregation.OutcomeOf(CallKey.Aggregator("q9"));

        Assert.Equal(2, metrics.Sum("mosaic.calls", ("worker", "gpu0"), ("expert", "x"), ("role", "expert"), ("status", "completed")));
        Assert.Equal(1, metrics.Sum("mosaic.calls", ("expert", "slow"), ("status", "cancelled")));
        Assert.Equal(1, metrics.Sum("mosaic.calls", ("expert", "agg"), ("role", "aggregator"), ("status", "completed")));
        Assert.Equal(outcomes.Take(2).Sum(o => o.Output!.OutputTokens), metrics.Sum("mosaic.tokens.generated", ("worker", "gpu0"), ("expert", "x")));
        Assert.Equal(3, metrics.Sum("mosaic.model.loads", ("worker", "gpu0"), ("status", "ok")));
        Assert.Equal(3, metrics.Of("mosaic.model.load.duration").Count);
        // Each admitted call's wait since it arrived: the aggregator call arrived with the others and waited behind them.
        var waits = metrics.Of("mosaic.call.queue.duration");
        Assert.Equal(["agg", "slow", "x", "x"], waits.Select(w => w.Tag("expert")).Order());
        Assert.Equal(["aggregator", "expert", "expert", "expert"], waits.Select(w => w.Tag("role")).Order());
        Assert.True(waits.Single(w => w.Tag("expert") == "agg").Value > waits.Where(w => w.Tag("expert") != "agg").Max(w => w.Value));

        // While the slow call generated: every configured expert is reported, slow as running, agg waiting behind it.
        Assert.Equal(["agg", "mid", "slow", "x", "y"], depth.Select(d => d.Tag("expert")).Distinct().Order());
        Assert.Equal(1, depth.Single(d => d.Tag("expert") == "slow" && d.Tag("state") == "running").Value);
        Assert.Equal(1, depth.Single(d => d.Tag("expert") == "agg" && d.Tag("state") == "queued").Value);
        Assert.Equal(0, depth.Single(d => d.Tag("expert") == "x" && d.Tag("state") == "running").Value);

        var rate = metrics.Observe("mosaic.tokens.rate").Single(r => r.Tag("expert") == "x");
        Assert.Equal(metrics.Sum("mosaic.tokens.generated", ("expert", "x")) / 10.0, rate.Value, 6);

        // The emulator draws whole calls: no first token to time, so no latency is made up for it.
        Assert.Empty(metrics.Of("mosaic.call.time_to_first_token"));
        Assert.Empty(metrics.Of("mosaic.call.time_per_output_token"));
    }

    [Fact]
    public async Task Device_BackendTimingFirstTokens_RecordsTimeToFirstTokenWithTheWaitAndTimePerOutputToken()
    {
        await using var h = new DeviceHarness(TestOptions.Emulated(), o => new FirstTokenTimes(new EmulatedBackend(Options.Create(o), TimeProvider.System, new TestJobs())));
        using var metrics = new MetricRecorder(meter => meter == h.Telemetry.Meter);
        h.Device.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2"), OpenEnded("agg")]);
        h.Device.Submit([Request("j", "x", "q1"), Request("j", "x", "q2"), Aggregator("j", "agg", "q9")]);

        var outcomes = await Task.WhenAll(h.Aggregation.OutcomeOf(Key("q1")), h.Aggregation.OutcomeOf(Key("q2")), h.Aggregation.OutcomeOf(CallKey.Aggregator("q9")));
        await DeviceHarness.Until(() => metrics.Of("mosaic.call.time_to_first_token").Count == 3, "three first-token times");

        // Each first-token time is the call's own wait on the worker plus the backend's time to its first token.
        var expected = metrics.Of("mosaic.call.queue.duration").Select(w => (w.Tag("worker"), w.Tag("expert"), w.Tag("role"), Value: w.Value + FirstTokenTimes.First)).Order().ToArray();
        var firsts = metrics.Of("mosaic.call.time_to_first_token").Select(f => (f.Tag("worker"), f.Tag("expert"), f.Tag("role"), Value: f.Value)).Order().ToArray();
        Assert.Equal(expected.Select(e => e with { Value = 0 }), firsts.Select(f => f with { Value = 0 }));
        Assert.All(expected.Zip(firsts), pair => Assert.Equal(pair.First.Value, pair.Second.Value, 9));
        var perToken = metrics.Of("mosaic.call.time_per_output_token");
        Assert.Equal(outcomes.Count(o => o.Output!.OutputTokens >= 2), perToken.Count);
        var perTokenExpected = outcomes.Where(o => o.Output!.OutputTokens >= 2).Select(o => (o.Output!.Seconds - FirstTokenTimes.First) / (o.Output.OutputTokens - 1)).Order();
        Assert.All(perTokenExpected.Zip(perToken.Select(p => p.Value).Order()), pair => Assert.Equal(pair.First, pair.Second, 9));
    }

    [Fact]
    public async Task Device_FailedLoad_IsCountedFailedAndItsCallsFailed()
    {
        await using var h = new DeviceHarness(TestOptions.Emulated(), o => new FailingLoads(new EmulatedBackend(Options.Create(o), TimeProvider.System, new TestJobs()), "y"));
        using var metrics = new MetricRecorder(meter => meter == h.Telemetry.Meter);
        h.Device.Prepare("j", 1, JobPriority.Interactive, [Planned("y", "q1")]);
        h.Device.Submit([Request("j", "y", "q1")]);

        Assert.Equal(CallStatus.Failed, (await h.Aggregation.OutcomeOf(Key("q1"))).Status);

        Assert.Equal(1, metrics.Sum("mosaic.model.loads", ("expert", "y"), ("status", "failed")));
        Assert.Equal(0, metrics.Sum("mosaic.calls", ("expert", "y")));
    }

    /// <summary>The emulator's outputs with a first-token time, as a real backend reports it.</summary>
    private sealed class FirstTokenTimes(IInferenceBackend inner) : IInferenceBackend
    {
        public const double First = 0.004;

        public string Name => inner.Name;

        public bool IsEmulated => inner.IsEmulated;

        public int BatchLimit => inner.BatchLimit;

        public Task LoadAsync(string model, CancellationToken cancellationToken) => inner.LoadAsync(model, cancellationToken);

        public Task UnloadAsync(string model) => inner.UnloadAsync(model);

        public async Task<InferenceOutput> GenerateAsync(InferenceRequest request, Action<string>? onText, CancellationToken cancellationToken)
        {
            var output = await inner.GenerateAsync(request, onText, cancellationToken);
            return output with { Seconds = output.Seconds + First, FirstTokenSeconds = First };
        }
    }

    private sealed class FailingLoads(IInferenceBackend inner, string expert) : IInferenceBackend
    {
        public string Name => inner.Name;

        public bool IsEmulated => inner.IsEmulated;

        public int BatchLimit => inner.BatchLimit;

        public Task LoadAsync(string model, CancellationToken cancellationToken) =>
            model == expert ? throw new InvalidOperationException($"{model}: checkpoint missing (test)") : inner.LoadAsync(model, cancellationToken);

        public Task UnloadAsync(string model) => inner.UnloadAsync(model);

        public Task<InferenceOutput> GenerateAsync(InferenceRequest request, Action<string>? onText, CancellationToken cancellationToken) => inner.GenerateAsync(request, onText, cancellationToken);
    }
}
