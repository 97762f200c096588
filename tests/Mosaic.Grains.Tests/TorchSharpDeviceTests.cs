using Mosaic.Abstractions.Results;
using Mosaic.Grains.Backends;
using Mosaic.Grains.Hosting;
using Mosaic.Scheduling;
using static Mosaic.Grains.Tests.Calls;

namespace Mosaic.Grains.Tests;

/// <summary>The device with the real TorchSharp backend on a tiny random model (CPU, one thread).</summary>
public sealed class TorchSharpDeviceTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>
{
    private const int NewTokens = 500;

    [Fact]
    public async Task TorchSharp_StaggeredSubmissions_JoinOneRunningEngineBatch()
    {
        TorchSharpBackend? backend = null;
        await using var h = new DeviceHarness(Options(maxBatchSize: 8), o => backend = new TorchSharpBackend(Microsoft.Extensions.Options.Options.Create(o)));
        string[] questions = ["q1", "q2", "q3", "q4"];
        h.Device.Prepare("j", 1, [Planned("tiny", questions)]);

        // Long generations (the context's worth), so the first is still running when the last joins, even on a loaded machine.
        const int longGeneration = 1500;
        for (var i = 0; i < questions.Length; i++)
        {
            h.Device.Submit([Request("j", "tiny", Key(questions[i]), maxNewTokens: longGeneration)]);
            // The first wait includes loading the model, which a CI machine running other test projects can stretch.
            await DeviceHarness.Until(
                () => backend!.Engine?.ActiveCount == i + 1,
                $"{i + 1} sequences generate together",
                () => $" (engine: {(backend?.Engine is { } engine ? $"{engine.ActiveCount} active, {engine.QueuedCount} queued" : "not loaded")}; "
                    + $"outcomes: {string.Join(", ", h.Aggregation.Outcomes.Select(o => $"{o.Key.QuestionId} {o.Status} {o.Error}"))})",
                TimeSpan.FromSeconds(60));
        }

        // Four requests submitted one after another all joined the batch of the first, which has not finished.
        Assert.Empty(h.Aggregation.Outcomes);
        var outcomes = await Task.WhenAll(questions.Select(q => h.Aggregation.OutcomeOf(Key(q))));
        Assert.All(outcomes, o =>
        {
            Assert.Equal(CallStatus.Completed, o.Status);
            Assert.False(o.Output!.Emulated);
            Assert.InRange(o.Output.OutputTokens, 1, longGeneration);
            Assert.True(o.Output.InputTokens > 0);
        });
        Assert.Equal(["tiny"], h.Backend.Loads);
    }

    [Fact]
    public async Task TorchSharp_ContextAndKvBudget_ReachTheEngineAndEveryCallCompletes()
    {
        TorchSharpBackend? backend = null;
        await using var h = new DeviceHarness(
            Options(maxBatchSize: 8, kvCacheTokens: 2 * 2048),
            o => backend = new TorchSharpBackend(Microsoft.Extensions.Options.Options.Create(o)));
        string[] questions = ["q1", "q2", "q3"];
        h.Device.Prepare("j", 1, [Planned("tiny", questions)]);

        h.Device.Submit([.. questions.Select(q => Request("j", "tiny", Key(q), maxNewTokens: 50))]);
        var outcomes = await Task.WhenAll(questions.Select(q => h.Aggregation.OutcomeOf(Key(q))));

        // Admission by KV budget happens inside the engine (tested in Mosaic.Inference.Tests); the device sends rows.
        Assert.Equal(8, backend!.Engine!.MaxBatchSize);
        Assert.Equal(2048, backend.Engine.ContextLength);
        Assert.Equal(2 * 2048, backend.Engine.KvBudgetTokens);
        Assert.All(outcomes, o => Assert.Equal(CallStatus.Completed, o.Status));
    }

    private MosaicGrainsOptions Options(int maxBatchSize, long? kvCacheTokens = null) => new MosaicGrainsOptions
    {
        Worker = "gpu0",
        Backend = BackendKind.TorchSharp,
        Device = "cpu",
        Threads = 1,
        MaxBatchSize = maxBatchSize,
        OutcomeFlushMilliseconds = 5,
        Experts = new(StringComparer.Ordinal)
        {
            ["tiny"] = new ExpertOptions
            {
                Kind = ExpertKind.Instruct,
                ModelPath = model.Folder,
                MaxNewTokens = NewTokens,
                ContextTokens = 2048,
                KvCacheTokens = kvCacheTokens,
            },
        },
    }.Validate();
}
