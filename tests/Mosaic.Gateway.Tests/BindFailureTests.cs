using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Mosaic.Gateway.Hosting;

namespace Mosaic.Gateway.Tests;

/// <summary>The gateway's one line for a port another process holds, out of the exception a real Kestrel start throws.</summary>
public sealed class BindFailureTests
{
    [Fact]
    public async Task Message_KestrelOnAHeldPort_IsKestrelsLineNamingTheAddress_AlsoInsideTheHostsAggregate()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var held = ((IPEndPoint)holder.LocalEndpoint).Port;
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{held}");
        await using var app = builder.Build();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        var expected = $"Failed to bind to address http://127.0.0.1:{held}: address already in use.";
        Assert.Equal(expected, BindFailure.Message(failure));
        Assert.Equal(expected, BindFailure.Message(new AggregateException(new TaskCanceledException(), failure)));
        Assert.Null(BindFailure.Message(new AggregateException(new TaskCanceledException())));
        Assert.Null(BindFailure.Message(new IOException("disk full")));
    }
}
