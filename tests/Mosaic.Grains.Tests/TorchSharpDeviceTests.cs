using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Grains.Backends;
using Mosaic.Grains.Hosting;
using Mosaic.Inference.Prompting;
using Mosaic.Scheduling;
using static Mosaic.Grains.Tests.Calls;

namespace Mosaic.Grains.Tests;

/// <summary>The device with the real TorchSharp backend on a tiny random model (CPU, one thread).</summary>
public sealed class TorchSharpDeviceTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>
{
    private const int NewTokens = 500;

    /// <summary>The largest context the tiny model allows, and a generation that fills most of it (the prompt is ~160 tokens).</summary>
    private const int LongContext = 4096;

    private const int LongGeneration = 3800;

    [Fact]
    public async Task TorchSharp_StaggeredSubmissions_JoinOneRunningEngineBatch()
    {
        TorchSharpBackend? backend = null;
        await using var h = new DeviceHarness(
            Options(maxBatchSize: 8, contextTokens: LongContext), o => backend = new TorchSharpBackend(Microsoft.Extensions.Options.Options.Create(o)));

        // The first call must still be generating when the others arrive. On a tiny model a generation of the context's
        // worth lasts a second or two, and a loaded CI machine can stall the test that long between two submissions; a
        // first call that finished before the others joined proves nothing either way, so that attempt is cancelled
        // and run again. A device that did not join running batches never reaches four active sequences in any attempt.
        for (var attempt = 1; ; attempt++)
        {
            var job = $"j{attempt}";
            var questions = Enumerable.Range(1, 4).Select(i => $"a{attempt}q{i}").ToArray();
            h.Device.Prepare(job, 1, JobPriority.Interactive, [Planned("tiny", questions)]);
            h.Device.Submit([Request(job, "tiny", Key(questions[0]), maxNewTokens: LongGeneration)]);
            // This wait includes loading the model, which a CI machine running other test projects can stretch.
            await DeviceHarness.Until(() => backend!.Engine?.ActiveCount >= 1 || Reported(h, questions[0]), "the first sequence generates", () => State(h, backend), TimeSpan.FromSeconds(60));
            foreach (var question in questions.Skip(1))
            {
                h.Device.Submit([Request(job, "tiny", Key(question), maxNewTokens: LongGeneration)]);
            }

            await DeviceHarness.Until(() => backend!.Engine!.ActiveCount == 4 || Reported(h, questions[0]), "4 sequences generate together", () => State(h, backend), TimeSpan.FromSeconds(60));
            var joined = backend!.Engine!.ActiveCount == 4 && !Reported(h, questions[0]);
            h.Device.CancelJob(job);
            if (joined)
            {
                // Three requests submitted after the first had started all joined its batch while it was generating;
                // cancelled now, each running call reports.
                var outcomes = await Task.WhenAll(questions.Select(q => h.Aggregation.OutcomeOf(Key(q))));
                Assert.All(outcomes, o => Assert.Contains(o.Status, new[] { CallStatus.Completed, CallStatus.Cancelled }));
                Assert.Equal(["tiny"], h.Backend.Loads);
                return;
            }

            Assert.Equal(CallStatus.Completed, (await h.Aggregation.OutcomeOf(Key(questions[0]))).Status);
            await DeviceHarness.Until(() => backend.Engine is { ActiveCount: 0, QueuedCount: 0 }, "the cancelled attempt drains", () => State(h, backend), TimeSpan.FromSeconds(60));
            Assert.True(attempt < 3, $"the first call finished before the others joined in {attempt} attempts{State(h, backend)}");
        }
    }

    [Fact]
    public async Task TorchSharp_StreamingCall_ReportsItsTextToTheJobWhileItGenerates()
    {
        // Texts decoded and sent every millisecond: on an idle machine the tiny model's 3,800 tokens took under 0.3 s, two
        // relay intervals, and the test saw one report (CI, 2026-12-06).
        var every = TimeSpan.FromMilliseconds(1);
        await using var h = new DeviceHarness(
            Options(maxBatchSize: 8, contextTokens: LongContext), o => new TorchSharpBackend(Microsoft.Extensions.Options.Options.Create(o), every), textRelayInterval: every);
        h.Device.Prepare("j", 3, JobPriority.Interactive, [Planned("tiny", "streamed", "quiet")]);

        h.Device.Submit([
            Request("j", "tiny", Key("streamed"), generation: 3, maxNewTokens: LongGeneration) with { StreamText = true },
            Request("j", "tiny", Key("quiet"), generation: 3, maxNewTokens: LongGeneration)]);
        var outcome = await h.Aggregation.OutcomeOf(Key("streamed"));
        await h.Aggregation.OutcomeOf(Key("quiet"));

        // Only the streaming call reports, in parts that each begin where the one before ended (nothing sent twice),
        // and what they make up is a prefix of its finished text.
        Assert.Equal(CallStatus.Completed, outcome.Status);
        var parts = h.Job.Parts;
        Assert.True(parts.Count >= 2, $"{parts.Count} reports of a {outcome.Output!.OutputTokens}-token generation");
        Assert.All(parts, t => Assert.Equal(("streamed", (int?)0, "tiny"), (t.QuestionId, t.Slot, t.Expert)));
        Assert.Equal(parts.SkipLast(1).Select(p => p.End).Prepend(0), parts.Select(p => p.Offset));
        var streamed = h.Job.TextOf("streamed", 0);
        Assert.Equal(string.Concat(parts.Select(p => p.Text)), streamed);
        Assert.StartsWith(streamed, outcome.Output.Text, StringComparison.Ordinal);
        Assert.InRange(streamed.Length, 1, outcome.Output.Text.Length);
    }

    [Fact]
    public async Task TorchSharp_PromptOpeningATrace_TextAndStreamedPartsBeginWithTheOpenedTag()
    {
        // The model's prompt ends with "<think>\n", as DeepSeek-R1-Distill's and QwQ's templates end theirs.
        var folder = Directory.CreateTempSubdirectory("mosaic-grains-opened-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(model.Folder))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            new PlainPromptFormat("\n<think>\n").Save(folder);
            await using var h = new DeviceHarness(
                Options(maxBatchSize: 8, contextTokens: LongContext, folder: folder), o => new TorchSharpBackend(Microsoft.Extensions.Options.Options.Create(o)));
            h.Device.Prepare("j", 3, JobPriority.Interactive, [Planned("tiny", "streamed")]);

            h.Device.Submit([Request("j", "tiny", Key("streamed"), generation: 3, maxNewTokens: LongGeneration) with { StreamText = true }]);
            var outcome = await h.Aggregation.OutcomeOf(Key("streamed"));

            // The first streamed part and the finished text both begin with the opened tag, so what was streamed is a
            // prefix of the finished text; the tag is the prompt's, not a token the model wrote.
            Assert.Equal(CallStatus.Completed, outcome.Status);
            Assert.True(h.Job.Parts.Count >= 2, $"{h.Job.Parts.Count} reports of a {outcome.Output!.OutputTokens}-token generation");
            Assert.StartsWith("<think>\n", h.Job.Parts[0].Text, StringComparison.Ordinal);
            Assert.StartsWith("<think>\n", outcome.Output!.Text, StringComparison.Ordinal);
            Assert.StartsWith(h.Job.TextOf("streamed", 0), outcome.Output.Text, StringComparison.Ordinal);
            Assert.Equal(LongGeneration, outcome.Output.OutputTokens); // the vocabulary has no end-of-sequence token
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task TorchSharp_ContextAndKvBudget_ReachTheEngineAndEveryCallCompletes()
    {
        TorchSharpBackend? backend = null;
        await using var h = new DeviceHarness(
            Options(maxBatchSize: 8, kvCacheTokens: 2 * 2048),
            o => backend = new TorchSharpBackend(Microsoft.Extensions.Options.Options.Create(o)));
        string[] questions = ["q1", "q2", "q3"];
        h.Device.Prepare("j", 1, JobPriority.Interactive, [Planned("tiny", questions)]);

        h.Device.Submit([.. questions.Select(q => Request("j", "tiny", Key(q), maxNewTokens: 50))]);
        var outcomes = await Task.WhenAll(questions.Select(q => h.Aggregation.OutcomeOf(Key(q))));

        // Admission by KV budget happens inside the engine (tested in Mosaic.Inference.Tests); the device sends rows.
        Assert.Equal(8, backend!.Engine!.MaxBatchSize);
        Assert.Equal(2048, backend.Engine.ContextLength);
        Assert.Equal(2 * 2048, backend.Engine.KvBudgetTokens);
        Assert.All(outcomes, o =>
        {
            Assert.Equal(CallStatus.Completed, o.Status);
            Assert.False(o.Output!.Emulated);
            Assert.Equal(50, o.Output.OutputTokens); // the vocabulary has no end-of-sequence token
            Assert.True(o.Output.InputTokens > 0);
        });
    }

    private static bool Reported(DeviceHarness h, string question) => h.Aggregation.Outcomes.Any(o => o.Key == Key(question));

    private static string State(DeviceHarness h, TorchSharpBackend? backend) =>
        $" (engine: {(backend?.Engine is { } engine ? $"{engine.ActiveCount} active, {engine.QueuedCount} queued" : "not loaded")}; "
        + $"outcomes: {string.Join(", ", h.Aggregation.Outcomes.Select(o => $"{o.Key.QuestionId} {o.Status} {o.Error}"))})";

    private MosaicGrainsOptions Options(int maxBatchSize, long? kvCacheTokens = null, int contextTokens = 2048, string? folder = null) => new MosaicGrainsOptions
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
                ModelPath = folder ?? model.Folder,
                MaxNewTokens = NewTokens,
                ContextTokens = contextTokens,
                KvCacheTokens = kvCacheTokens,
            },
        },
    }.Validate();
}
