using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Mosaic.Grains.Backends;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Hosting;
using Mosaic.Scheduling;
using static Mosaic.Grains.Tests.Calls;

namespace Mosaic.Grains.Tests;

/// <summary>The emulated backend on a fake clock (time scale 1): exact costs, no real waiting.</summary>
public sealed class EmulatedBackendTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly MosaicGrainsOptions _options = TestOptions.Emulated(o =>
    {
        o.TimeScale = 1;
        o.Experts["x"] = TestOptions.Expert(ExpertKind.Instruct, perPrompt: 10, loadSeconds: 40);
    });

    private readonly EmulatedBackend _backend;

    public EmulatedBackendTests() => _backend = new EmulatedBackend(Microsoft.Extensions.Options.Options.Create(_options), _time);

    [Fact]
    public async Task LoadAsync_TakesTheExpertsLoadTime()
    {
        var load = _backend.LoadAsync("x", CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(39.9));
        await AssertPending(load);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        await load.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task GenerateAsync_CallsOfOneBatch_FinishInArrivalOrderAfterTheSumOfTheirCosts()
    {
        await LoadX();
        var requests = new[] { "q1", "q2", "q3" }.Select(q => Request("j", "x", q)).ToArray();
        var costs = requests.Select(Cost).ToArray();

        var calls = requests.Select(r => _backend.GenerateAsync(r, CancellationToken.None)).ToArray();

        for (var i = 0; i < calls.Length; i++)
        {
            _time.Advance(costs[i] - TimeSpan.FromMilliseconds(10));
            await AssertPending(calls[i]);
            _time.Advance(TimeSpan.FromMilliseconds(10));
            var output = await calls[i].WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(costs[i].TotalSeconds, output.Seconds, 6);
            Assert.All(calls.Skip(i + 1), c => Assert.False(c.IsCompleted));
        }
    }

    [Fact]
    public async Task GenerateAsync_CallJoiningARunningBatch_WaitsForTheWorkAlreadyOnTheGpu()
    {
        await LoadX();
        var (first, second) = (Request("j", "x", "q1"), Request("j", "x", "q2"));
        var firstCall = _backend.GenerateAsync(first, CancellationToken.None);
        _time.Advance(Cost(first) / 2);

        var secondCall = _backend.GenerateAsync(second, CancellationToken.None);

        _time.Advance(Cost(first) / 2);
        await firstCall.WaitAsync(TimeSpan.FromSeconds(5));
        _time.Advance(Cost(second) - TimeSpan.FromMilliseconds(10));
        await AssertPending(secondCall);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        await secondCall.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task GenerateAsync_CancelledCall_StopsAtOnceAndTheCallsBehindMoveUp()
    {
        await LoadX();
        var requests = new[] { "q1", "q2", "q3" }.Select(q => Request("j", "x", q)).ToArray();
        var costs = requests.Select(Cost).ToArray();
        using var cancel = new CancellationTokenSource();
        var calls = new[]
        {
            _backend.GenerateAsync(requests[0], CancellationToken.None),
            _backend.GenerateAsync(requests[1], cancel.Token),
            _backend.GenerateAsync(requests[2], CancellationToken.None),
        };

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => calls[1].WaitAsync(TimeSpan.FromSeconds(5)));

        _time.Advance(costs[0]);
        await calls[0].WaitAsync(TimeSpan.FromSeconds(5));
        _time.Advance(costs[2] - TimeSpan.FromMilliseconds(10));
        await AssertPending(calls[2]);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        await calls[2].WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task GenerateAsync_SameCall_SameOutput_AndAnswersRightAtTheConfiguredRate()
    {
        _options.TimeScale = 0;
        await _backend.LoadAsync("x", CancellationToken.None);
        var requests = Enumerable.Range(0, 400).Select(i => Request("j", "x", $"q{i}")).ToArray();

        var outputs = await Task.WhenAll(requests.Select(r => _backend.GenerateAsync(r, CancellationToken.None)));
        var again = await _backend.GenerateAsync(requests[7], CancellationToken.None);

        Assert.Equal(outputs[7], again);
        var right = outputs.Count(o => o.Text == "The answer is 42.") / 400.0;
        Assert.InRange(right, 0.63, 0.77);
        Assert.All(outputs, o => Assert.True(o.Emulated));
    }

    [Fact]
    public async Task GenerateAsync_ExpertNotResident_Fails()
    {
        await LoadX();

        await Assert.ThrowsAsync<InvalidOperationException>(() => _backend.GenerateAsync(Request("j", "y", "q1"), CancellationToken.None));
    }

    [Fact]
    public void Cost_TokensAreCappedByTheCallsLimit()
    {
        var expert = _options.Experts["x"];
        var costs = Enumerable.Range(0, 200).Select(i => EmulatedBackend.Cost(expert, Request("j", "x", Key($"q{i}"), maxNewTokens: 50), new Random(i))).ToArray();

        Assert.All(costs, c => Assert.InRange(c.OutputTokens, 1, 50));
        Assert.Contains(costs, c => c.OutputTokens == 50);
        Assert.All(costs, c => Assert.Equal(expert.PerPromptSeconds * c.OutputTokens / expert.MeanOutputTokens, c.Seconds, 9));
    }

    private async Task LoadX()
    {
        var load = _backend.LoadAsync("x", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(40));
        await load.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private TimeSpan Cost(InferenceRequest request)
    {
        var random = new Random(Backends.StableHash.Of(
            request.Key.QuestionId, request.Expert, request.Key.Slot.ToString(CultureInfo.InvariantCulture), _options.EmulationSeed.ToString(CultureInfo.InvariantCulture)));
        return TimeSpan.FromSeconds(EmulatedBackend.Cost(_options.Experts[request.Expert], request, random).Seconds);
    }

    /// <summary>Gives the task's continuations a moment, then checks it has not completed.</summary>
    private static async Task AssertPending(Task task)
    {
        await Task.Delay(30);
        Assert.False(task.IsCompleted);
    }
}
