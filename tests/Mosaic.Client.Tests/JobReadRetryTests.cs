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
    private static readonly ClusterContact FiveSeconds = new(TimeSpan.FromSeconds(5), "cluster id 'c', service id 's', gateways localhost:21112");

    [Fact]
    public async Task Read_RefusedTwiceThenAnswered_ReturnsTheAnswer()
    {
        var attempts = 0;

        var answer = await MosaicClient.AskAgainIfStalled(
            () => ++attempts < 3 ? Task.FromException<int>(new SiloUnavailableException("connection refused")) : Task.FromResult(42),
            TimeSpan.FromSeconds(5), FiveSeconds);

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
            TimeSpan.FromSeconds(5), FiveSeconds);

        Assert.Equal(42, answer);
        Assert.Equal(3, attempts);
    }

    /// <summary>
    /// The cluster's silos restarting for longer than the stall timeout: the read keeps asking for the client's patience
    /// (until 2026-12-06 it gave up after the stall timeout, 5 s, with Orleans' exception).
    /// </summary>
    [Fact]
    public async Task Read_NoSiloForLongerThanTheStallTimeout_KeepsAskingForThePatience()
    {
        var clock = Stopwatch.StartNew();

        var answer = await MosaicClient.AskAgainIfStalled(
            () => clock.Elapsed < TimeSpan.FromSeconds(1) ? Task.FromException<int>(new Orleans.Runtime.Messaging.ConnectionFailedException("Unable to connect")) : Task.FromResult(42),
            TimeSpan.FromMilliseconds(200), FiveSeconds);

        Assert.Equal(42, answer);
    }

    [Fact]
    public async Task Read_NoSiloThroughoutThePatience_ClusterUnavailableNamingTheClusterAndTheCause()
    {
        var attempts = 0;
        var clock = Stopwatch.StartNew();
        var contact = new ClusterContact(TimeSpan.FromSeconds(1), "cluster id 'c', service id 's', gateways localhost:21112");

        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(() => MosaicClient.AskAgainIfStalled(
            () => { attempts++; return Task.FromException<int>(new Orleans.Runtime.Messaging.ConnectionFailedException("Unable to connect to S127.0.0.1:21112:0, will retry after 988.9458ms")); },
            TimeSpan.FromSeconds(5), contact));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        Assert.InRange(attempts, 2, 10);
        Assert.Matches(@"^No silo of the cluster answered for 1(\.\d)? s \(cluster id 'c', service id 's', gateways localhost:21112\): Unable to connect to S127\.0\.0\.1:21112:0\.$", error.Message);
        Assert.IsType<Orleans.Runtime.Messaging.ConnectionFailedException>(error.InnerException);
    }

    [Fact]
    public async Task Read_NeverConnected_SaysNoSiloHasAnsweredYet()
    {
        var contact = new ClusterContact(TimeSpan.FromMilliseconds(300), "cluster id 'c', service id 's', gateways localhost:21112");

        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(() => MosaicClient.AskAgainIfStalled(
            () => Task.FromException<int>(new ArgumentException("Could not find an implementation for interface Mosaic.Abstractions.IJobGrain")),
            TimeSpan.FromSeconds(5), contact));

        Assert.EndsWith(": no silo has answered this client yet.", error.Message);
    }

    [Fact]
    public async Task Read_NotTransient_FailsAtOnce()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => MosaicClient.AskAgainIfStalled(
            () => { attempts++; return Task.FromException<int>(new InvalidOperationException("a defect")); },
            TimeSpan.FromSeconds(5), FiveSeconds));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Read_StalledThrice_TimesOut()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<TimeoutException>(() => MosaicClient.AskAgainIfStalled(
            () => { attempts++; return new TaskCompletionSource<int>().Task; },
            TimeSpan.FromMilliseconds(100), FiveSeconds));

        Assert.Equal(3, attempts);
    }
}
