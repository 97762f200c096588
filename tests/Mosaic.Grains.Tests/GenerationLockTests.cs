using Mosaic.Grains.Jobs;

namespace Mosaic.Grains.Tests;

/// <summary>A job's one-at-a-time rule: one generation at a time, and one end, after the generation in progress.</summary>
public sealed class GenerationLockTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task EnterAsync_WhileAGenerationHoldsTheLock_WaitsForItsExit()
    {
        var gate = new GenerationLock();
        Assert.True(await gate.EnterAsync());
        Assert.False(gate.IsIdle);

        var second = gate.EnterAsync();
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        gate.Exit();
        Assert.True(await second.WaitAsync(Wait));
        gate.Exit();
        Assert.True(gate.IsIdle);
    }

    [Fact]
    public async Task EndOnceAsync_WhileAGenerationRuns_CancelsItAndEndsOnlyAfterItExits()
    {
        var gate = new GenerationLock();
        Assert.True(await gate.EnterAsync());
        var ended = false;

        var end = gate.EndOnceAsync(holdsLock: false, () =>
        {
            ended = true;
            return Task.CompletedTask;
        });
        await Task.Delay(50);

        Assert.True(gate.Ending.IsCancellationRequested);
        Assert.False(ended);
        Assert.False(gate.IsIdle);

        gate.Exit();
        await end.WaitAsync(Wait);
        Assert.True(ended);
    }

    [Fact]
    public async Task EndOnceAsync_CalledByTheGenerationHoldingTheLock_EndsWithoutWaitingForItself()
    {
        var gate = new GenerationLock();
        Assert.True(await gate.EnterAsync());
        var ends = 0;

        await gate.EndOnceAsync(holdsLock: true, () => Task.FromResult(++ends)).WaitAsync(Wait);
        gate.Exit();

        Assert.Equal(1, ends);
    }

    [Fact]
    public async Task EndOnceAsync_CalledTwice_EndsOnce()
    {
        var gate = new GenerationLock();
        var ends = 0;

        await gate.EndOnceAsync(holdsLock: false, () => Task.FromResult(++ends));
        await gate.EndOnceAsync(holdsLock: false, () => Task.FromResult(++ends));

        Assert.Equal(1, ends);
    }

    [Fact]
    public async Task EnterAsync_AfterTheJobBeganToEnd_RefusesAndLeavesTheLockFree()
    {
        var gate = new GenerationLock();
        Assert.True(await gate.EnterAsync());
        var end = gate.EndOnceAsync(holdsLock: false, () => Task.CompletedTask);

        var waiting = gate.EnterAsync();
        gate.Exit();

        await end.WaitAsync(Wait);
        Assert.False(await waiting.WaitAsync(Wait));
        Assert.False(gate.IsIdle);
        Assert.False(await gate.EnterAsync().WaitAsync(Wait));
    }
}
