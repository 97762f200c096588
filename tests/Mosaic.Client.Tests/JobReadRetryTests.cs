using System.Diagnostics;
using Orleans.Runtime;

namespace Mosaic.Client.Tests;

/// <summary>
/// How a job read rides out a silo's death: a refused connection is asked again until the read answers or the patience
/// is spent; a stall is asked again twice. Until 2026-12-05 a refused read was a 503 at once, for about 2.5 s after a
/// SIGKILL, while the job lived on.
/// </summary>
public sealed class JobReadRetryTests
{
    [Fact]
    public async Task Read_RefusedTwiceThenAnswered_ReturnsTheAnswer()
    {
        var attempts = 0;

        var answer = await MosaicClient.AskAgainIfStalled(
            () => ++attempts < 3 ? Task.FromException<int>(new SiloUnavailableException("connection refused")) : Task.FromResult(42),
            TimeSpan.FromSeconds(5));

        Assert.Equal(42, answer);
        Assert.Equal(3, attempts);
    }

    /// <summary>With every silo gone, Orleans fails a read at once with a connection failure; it is asked again (until 2026-12-06 it was not).</summary>
    [Fact]
    public async Task Read_NoSiloToConnectToTwiceThenAnswered_ReturnsTheAnswer()
    {
        var attempts = 0;

        var answer = await MosaicClient.AskAgainIfStalled(
            () => ++attempts < 3 ? Task.FromException<int>(new Orleans.Runtime.Messaging.ConnectionFailedException("Unable to connect to S127.0.0.1:21112:0")) : Task.FromResult(42),
            TimeSpan.FromSeconds(5));

        Assert.Equal(42, answer);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Read_RefusedThroughoutThePatience_FailsAfterIt()
    {
        var attempts = 0;
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<SiloUnavailableException>(() => MosaicClient.AskAgainIfStalled(
            () => { attempts++; return Task.FromException<int>(new SiloUnavailableException("connection refused")); },
            TimeSpan.FromSeconds(1)));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        Assert.InRange(attempts, 2, 10);
    }

    [Fact]
    public async Task Read_NotTransient_FailsAtOnce()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => MosaicClient.AskAgainIfStalled(
            () => { attempts++; return Task.FromException<int>(new InvalidOperationException("a defect")); },
            TimeSpan.FromSeconds(5)));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Read_StalledThrice_TimesOut()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<TimeoutException>(() => MosaicClient.AskAgainIfStalled(
            () => { attempts++; return new TaskCompletionSource<int>().Task; },
            TimeSpan.FromMilliseconds(100)));

        Assert.Equal(3, attempts);
    }
}
