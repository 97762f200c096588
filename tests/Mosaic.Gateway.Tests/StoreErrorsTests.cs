using Mosaic.Gateway.Hosting;
using Npgsql;

namespace Mosaic.Gateway.Tests;

public sealed class StoreErrorsTests
{
    [Fact]
    public void DriverExceptionInsideAnother_Is503StoreUnavailable_WithTheDriversFirstLine()
    {
        var wrapped = new AggregateException(new InvalidOperationException("reading the job failed", new NpgsqlException("Failed to connect to 127.0.0.1:5633\n   at Npgsql…")));

        var (status, body) = ErrorMiddleware.Describe(wrapped);

        Assert.Equal(503, status);
        Assert.Equal(("server_error", "store_unavailable"), (body.Error.Type, body.Error.Code));
        Assert.Equal("The job store (database) is unavailable: Failed to connect to 127.0.0.1:5633", body.Error.Message);
    }
}
