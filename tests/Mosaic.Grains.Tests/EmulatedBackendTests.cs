using Microsoft.Extensions.Time.Testing;
using Mosaic.Aggregation.Extraction;
using Mosaic.Grains.Backends;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Hosting;
using Mosaic.Scheduling;
using Mosaic.Scheduling.Emulation;
using static Mosaic.Grains.Tests.Calls;

namespace Mosaic.Grains.Tests;

/// <summary>
/// The emulated backend on a fake clock (time scale 1): every call's length, cost and answer come from the calibrated
/// emulation model (here the configured pool's profile, or a paper calibration), with exact timings.
/// </summary>
public sealed class EmulatedBackendTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly MosaicGrainsOptions _options = TestOptions.Emulated(o =>
    {
        o.TimeScale = 1;
        o.Experts["x"] = TestOptions.Expert(ExpertKind.Instruct, perPrompt: 10, loadSeconds: 40);
    });

    private EmulatedBackend? _backend;

    private EmulatedBackend Backend => _backend ??= new EmulatedBackend(Microsoft.Extensions.Options.Options.Create(_options), _time, new TestJobs());

    /// <summary>The model the backend builds for any test job: the pool's profile over <see cref="TestJobs"/>' questions.</summary>
    private EmulationModel Model => new(
        _options.Emulation.Calibration() ?? PaperCalibration.ForPool(
            _options.Experts.Select(p => new PoolModel(p.Key, p.Value.Kind, p.Value.LoadSeconds, p.Value.PerPromptSeconds, p.Value.MeanOutputTokens)), "agg"),
        TestJobs.QuestionIds, _options.Emulation.Seed);

    [Fact]
    public async Task LoadAsync_TakesTheModelsLoadTime()
    {
        var load = Backend.LoadAsync("x", CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(39.9));
        await AssertPending(load);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        await load.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task GenerateAsync_CallsOfOneRun_FinishShortestFirstAfterTheSumOfTheirShares()
    {
        await Load("x");
        var requests = new[] { "q1", "q2", "q3", "q4" }.Select(q => Request("j", "x", q)).ToArray();
        var shares = requests.Select(Share).ToArray();
        var order = Enumerable.Range(0, requests.Length).OrderBy(i => shares[i]).ToArray();
        Assert.NotEqual(Enumerable.Range(0, requests.Length), order);

        var calls = requests.Select(r => Backend.GenerateAsync(r, null, CancellationToken.None)).ToArray();

        foreach (var i in order)
        {
            _time.Advance(shares[i] - TimeSpan.FromMilliseconds(10));
            await AssertPending(calls[i]);
            _time.Advance(TimeSpan.FromMilliseconds(10));
            var output = await calls[i].WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(shares[i].TotalSeconds, output.Seconds, 6);
            Assert.All(order.SkipWhile(j => j != i).Skip(1), j => Assert.False(calls[j].IsCompleted));
        }
    }

    [Fact]
    public async Task GenerateAsync_ShorterCallArrivingLater_OvertakesTheCallInService()
    {
        await Load("x");
        var pair = Enumerable.Range(0, 50).Select(i => Request("j", "x", $"q{i}")).OrderByDescending(r => Share(r)).ToArray();
        var (longer, shorter) = (pair[0], pair[^1]);
        var longCall = Backend.GenerateAsync(longer, null, CancellationToken.None);
        _time.Advance(Share(shorter));

        var shortCall = Backend.GenerateAsync(shorter, null, CancellationToken.None);

        _time.Advance(Share(shorter));
        await shortCall.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(longCall.IsCompleted);
        _time.Advance(Share(longer) - Share(shorter) - TimeSpan.FromMilliseconds(10));
        await AssertPending(longCall);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        await longCall.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task GenerateAsync_CancelledCall_StopsAtOnceAndTheCallsBehindMoveUp()
    {
        await Load("x");
        var requests = new[] { "q1", "q2", "q3" }.Select(q => Request("j", "x", q)).OrderBy(Share).ToArray();
        using var cancel = new CancellationTokenSource();
        var calls = new[]
        {
            Backend.GenerateAsync(requests[0], null, CancellationToken.None),
            Backend.GenerateAsync(requests[1], null, cancel.Token),
            Backend.GenerateAsync(requests[2], null, CancellationToken.None),
        };

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => calls[1].WaitAsync(TimeSpan.FromSeconds(5)));

        _time.Advance(Share(requests[0]));
        await calls[0].WaitAsync(TimeSpan.FromSeconds(5));
        _time.Advance(Share(requests[2]) - TimeSpan.FromMilliseconds(10));
        await AssertPending(calls[2]);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        await calls[2].WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task GenerateAsync_Answers_AreTheModelsChoicesWithItsAgreementPatterns()
    {
        _options.TimeScale = 0;
        await Backend.LoadAsync("x", CancellationToken.None);
        var model = Model;

        var answers = new List<string[]>();
        foreach (var question in TestJobs.QuestionIds.Take(300))
        {
            var outputs = await Task.WhenAll(Enumerable.Range(0, 3).Select(slot =>
                Backend.GenerateAsync(Request("j", "x", new CallKey(question, slot), gold: "C", format: AnswerFormat.MultipleChoice), null,
                    CancellationToken.None)));
            var expected = Enumerable.Range(0, 3).Select(slot => $"The answer is ({model.AnswerLetter(question, model.ExpertCall("x", question, slot).Choice, "C")}).");
            Assert.Equal(expected, outputs.Select(o => o.Text));
            answers.Add([.. outputs.Select(o => o.Text)]);
        }

        // The pool profile keeps MMLU-Pro's agreement: 45.7% of questions 3:0, 15.4% 1:1:1 (exactly, over the job's 1,000).
        var unanimous = answers.Count(a => a.Distinct().Count() == 1) / 300.0;
        var split = answers.Count(a => a.Distinct().Count() == 3) / 300.0;
        Assert.InRange(unanimous, 0.36, 0.56);
        Assert.InRange(split, 0.09, 0.22);
        Assert.All(answers.SelectMany(a => a), text => Assert.Matches(@"^The answer is \([A-D]\)\.$", text));
    }

    [Theory]
    [InlineData(AnswerFormat.Number)]
    [InlineData(AnswerFormat.Gsm8k)]
    [InlineData(AnswerFormat.Boxed)]
    public async Task GenerateAsync_NumericFormatWithoutGold_AnswersThatExtractAndKeepTheAgreementPattern(AnswerFormat format)
    {
        // Letters until 2026-12-05: nothing extracted, and every call of such a pool missed its vote.
        _options.TimeScale = 0;
        await Backend.LoadAsync("x", CancellationToken.None);
        var model = Model;

        foreach (var question in TestJobs.QuestionIds.Take(100))
        {
            var outputs = await Task.WhenAll(Enumerable.Range(0, 3).Select(slot =>
                Backend.GenerateAsync(Request("j", "x", new CallKey(question, slot), gold: null, format: format), null, CancellationToken.None)));
            var answers = outputs.Select(o => AnswerExtractor.Extract(o.Text, format)).ToArray();
            Assert.All(answers, a => Assert.Matches("^[0-9]+$", a));
            var choices = Enumerable.Range(0, 3).Select(slot => model.ExpertCall("x", question, slot).Choice).ToArray();
            Assert.Equal(choices.Distinct().Count(), answers.Distinct().Count());
        }
    }

    [Fact]
    public async Task GenerateAsync_AggregatorCall_CostsWhatItReadsAndWrites()
    {
        _options.TimeScale = 0;
        await Backend.LoadAsync("agg", CancellationToken.None);
        var brief = AggregatorRequest("q5", [new ResponseInput("x", "The answer is 4.", 50), new ResponseInput("y", "The answer is 5.", 60)]);
        var lengthy = brief with { Responses = [new ResponseInput("x", "The answer is 4.", 900), new ResponseInput("y", "The answer is 5.", 1200)] };

        var (short1, long1) = (await Backend.GenerateAsync(brief, null, CancellationToken.None), await Backend.GenerateAsync(lengthy, null, CancellationToken.None));

        var profile = Model.Profile;
        // y is a reasoning expert: the aggregator reads a tenth of its trace.
        Assert.Equal((int)Math.Round(profile.Aggregator.QuestionTokens + 50 + 0.1 * 60), short1.InputTokens);
        Assert.Equal((int)Math.Round(profile.Aggregator.QuestionTokens + 900 + 0.1 * 1200), long1.InputTokens);
        Assert.Equal(short1.OutputTokens, long1.OutputTokens);
        Assert.Equal(
            (long1.InputTokens - short1.InputTokens) * profile.Aggregator.PrefillSecondsPerToken * AggregatorEmulation.TensorParallelDegree,
            long1.Seconds - short1.Seconds, 9);
        Assert.Equal(Model.AggregatorCall("q5", [new("x", 50), new("y", 60)], AggregatorPlacement.Replica).Seconds, short1.Seconds, 9);
    }

    [Fact]
    public async Task GenerateAsync_TensorParallelCalls_CostTheTp4ShareAfterOneEngineStartup()
    {
        await Load("agg");
        var responses = new[] { new ResponseInput("x", "The answer is 4.", 80) };
        var first = AggregatorRequest("q1", responses) with { TensorParallelSize = 4 };
        var second = AggregatorRequest("q2", responses) with { TensorParallelSize = 4 };
        var model = Model;
        var (a, b) = (model.AggregatorCall("q1", [new("x", 80)], AggregatorPlacement.TensorParallel),
            model.AggregatorCall("q2", [new("x", 80)], AggregatorPlacement.TensorParallel));
        var startup = model.Profile.Aggregator.TensorParallelStartupSeconds;

        var calls = new[] { Backend.GenerateAsync(first, null, CancellationToken.None), Backend.GenerateAsync(second, null, CancellationToken.None) };

        // Neither decodes before the engine is up; each ends at max(its cumulative share, its output decoded alone).
        var ends = new[] { startup + Math.Max(a.Seconds, a.LatencySeconds), startup + Math.Max(a.Seconds + b.Seconds, b.LatencySeconds) };
        Assert.True(a.LatencySeconds > a.Seconds, "at TP = 4 a call's latency exceeds its share of the engine");
        foreach (var i in Enumerable.Range(0, 2).OrderBy(i => ends[i]))
        {
            _time.Advance(TimeSpan.FromSeconds(ends[i]) - (_time.GetUtcNow() - Start) - TimeSpan.FromMilliseconds(10));
            await AssertPending(calls[i]);
            _time.Advance(TimeSpan.FromMilliseconds(10));
            var output = await calls[i].WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(i == 0 ? a.Seconds : b.Seconds, output.Seconds, 9);
        }
    }

    [Fact]
    public async Task GenerateAsync_LastCallOfAShortRun_EndsAtTheRunsFloor()
    {
        _options.Emulation = new EmulationOptions { Profile = "paper:gpqa", Seed = 3 };
        await Load("Qwen");
        var request = Enumerable.Range(0, 20).Select(i => Request("j", "Qwen", $"q{i}")).MinBy(Share)!;
        var share = Share(request);
        var floor = TimeSpan.FromSeconds(PaperCalibration.For("paper:gpqa").Tail.FloorSeconds(ExpertKind.Instruct, 1));
        Assert.True(floor > share + TimeSpan.FromSeconds(0.5));

        var call = Backend.GenerateAsync(request, null, CancellationToken.None);

        _time.Advance(share);
        await AssertPending(call);
        _time.Advance(floor - share - TimeSpan.FromMilliseconds(10));
        await AssertPending(call);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        var output = await call.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(share.TotalSeconds, output.Seconds, 6);
    }

    [Fact]
    public void Emulate_TokensAreCappedByTheCallsLimit()
    {
        var model = Model;
        var calls = Enumerable.Range(0, 200).Select(i => EmulatedBackend.Emulate(model, Request("j", "x", Key($"q{i}"), maxNewTokens: 50))).ToArray();

        Assert.All(calls, c => Assert.InRange(c.OutputTokens, 1, 50));
        Assert.Contains(calls, c => c.OutputTokens == 50);
        Assert.All(calls, c => Assert.Equal(10.0 / 100 * c.OutputTokens, c.Seconds, 9));
    }

    [Fact]
    public async Task GenerateAsync_ExpertNotResident_Fails()
    {
        await Load("x");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Backend.GenerateAsync(Request("j", "y", "q1"), null, CancellationToken.None));
    }

    [Fact]
    public async Task GenerateAsync_ExpertUnknownToAPaperCalibration_FailsNamingIt()
    {
        _options.TimeScale = 0;
        _options.Emulation = new EmulationOptions { Profile = "paper:mmlu-pro" };
        await Backend.LoadAsync("x", CancellationToken.None);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Backend.GenerateAsync(Request("j", "x", "q1"), null, CancellationToken.None));

        Assert.Contains("paper:mmlu-pro", error.Message);
        Assert.Contains("'x'", error.Message);
    }

    private DateTimeOffset Start { get; set; }

    private async Task Load(string expert)
    {
        var model = _options.Emulation.Calibration() is { } calibration && calibration.Experts.TryGetValue(expert, out var e)
            ? e.LoadSeconds
            : _options.Emulation.Calibration()?.Aggregator.LoadSeconds ?? _options.Experts[expert].LoadSeconds;
        var load = Backend.LoadAsync(expert, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(model));
        await load.WaitAsync(TimeSpan.FromSeconds(5));
        Start = _time.GetUtcNow();
    }

    private TimeSpan Share(InferenceRequest request) => TimeSpan.FromSeconds(EmulatedBackend.Emulate(Model, request).Seconds);

    private static InferenceRequest AggregatorRequest(string question, IReadOnlyList<ResponseInput> responses) =>
        new("j", 1, CallKey.Aggregator(question), "agg", $"What is {question}?", responses, AnswerFormat.Number, null, 0, "42", null);

    /// <summary>Gives the task's continuations a moment, then checks it has not completed.</summary>
    private static async Task AssertPending(Task task)
    {
        await Task.Delay(30);
        Assert.False(task.IsCompleted);
    }
}
