using Microsoft.Extensions.Logging.Abstractions;

namespace Mosaic.Client.Tests;

/// <summary>The client's first-connection retries: forever while the host runs, a cancelled start once it stops.</summary>
public sealed class ConnectRetryFilterTests
{
    [Fact]
    public async Task Retry_WhileTheHostRuns_TriesAgain()
    {
        var filter = new ConnectRetryFilter(TimeSpan.FromMilliseconds(1), "dev", "dev", NullLogger<ConnectRetryFilter>.Instance);

        Assert.True(await filter.ShouldRetryConnectionAttempt(new InvalidOperationException("refused"), CancellationToken.None));
    }

    [Fact]
    public async Task Retry_OnceTheHostStops_EndsTheStartAsCancelled()
    {
        // Declining would make Orleans rethrow the connection error, which the hosts took for a crash (until 2026-12-06).
        var filter = new ConnectRetryFilter(TimeSpan.FromMinutes(1), "dev", "dev", NullLogger<ConnectRetryFilter>.Instance);
        using var stopping = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => filter.ShouldRetryConnectionAttempt(new InvalidOperationException("refused"), stopping.Token));
    }
}
