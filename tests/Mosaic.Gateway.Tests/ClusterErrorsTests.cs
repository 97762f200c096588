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
}
