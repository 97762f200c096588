using Mosaic.Gateway.Hosting;

namespace Mosaic.Gateway.Tests;

public sealed class ClusterErrorsTests
{
    [Fact]
    public void ClientDisposedAtShutdown_IsUnavailableSayingSo()
    {
        var disposed = new ObjectDisposedException("OutsideRuntimeClient");

        Assert.True(ClusterErrors.IsUnavailable(disposed));
        Assert.True(ClusterErrors.IsUnavailable(new AggregateException(disposed)));
        Assert.Equal("this process is shutting down", ClusterErrors.Reason(new AggregateException(disposed)));
        Assert.False(ClusterErrors.IsUnavailable(new ObjectDisposedException("SomethingElse")));
    }

    [Fact]
    public void OrleansMessageWithAStackTrace_ReasonIsItsFirstLine()
    {
        // What a job read gave while its silo was being declared dead (helper run, 2026-12-05): the inner exception's
        // trace came inside the 503's message.
        var rejected = new OrleansException(
            "Exception while sending message: Orleans.Runtime.Messaging.ConnectionFailedException: Unable to connect to S127.0.0.1:34112:155482735\n   at Orleans.Runtime.Messaging.ConnectionManager.GetConnectionAsync(SiloAddress endpoint) in /_/src/Orleans.Core/Networking/ConnectionManager.cs:line 142");

        Assert.True(ClusterErrors.IsUnavailable(rejected));
        Assert.Equal("Exception while sending message: Orleans.Runtime.Messaging.ConnectionFailedException: Unable to connect to S127.0.0.1:34112:155482735", ClusterErrors.Reason(rejected));
    }

    [Fact]
    public void OrleansMessagePointingAtItsInnerException_ReasonSaysTheInnerCause()
    {
        // What /readyz and chat answered with every silo killed (helper run, 2026-12-06): "... See InnerException".
        var refused = new OrleansException("Unable to connect to endpoint S127.0.0.1:21114:0. See InnerException",
            new InvalidOperationException("connecting failed", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)));

        Assert.Equal($"Unable to connect to endpoint S127.0.0.1:21114:0 ({new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused).Message})", ClusterErrors.Reason(refused));
        Assert.Equal("Unable to connect to endpoint S127.0.0.1:21114:0", ClusterErrors.Reason(new OrleansException("Unable to connect to endpoint S127.0.0.1:21114:0. See InnerException")));
    }

    [Fact]
    public void ClientThatGaveUpOnTheCluster_IsUnavailableWithTheClientsLine()
    {
        var gaveUp = new Mosaic.Client.ClusterUnavailableException(
            "No silo of the cluster answered for 10 s (cluster id 'mosaic', service id 'mosaic', gateways localhost:30000): Unable to connect to S127.0.0.1:30000:0.",
            new OrleansException("Unable to connect to S127.0.0.1:30000:0, will retry after 988ms"));

        Assert.True(ClusterErrors.IsUnavailable(gaveUp));
        Assert.Equal(gaveUp.Message, ClusterErrors.Reason(gaveUp));
    }
}
