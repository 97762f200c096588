using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// Fires shortly before the host's stop budget (<see cref="HostOptions.ShutdownTimeout"/>, <c>DOTNET_shutdownTimeoutSeconds</c>)
/// runs out after a stop began. A request still waiting for its job then gets its answer in time: a 503
/// <c>server_shutting_down</c>, or that error as an event on a stream, with its job cancelled; without it, the host
/// reset the connection when the budget ended and the job ran on for nobody.
/// </summary>
internal sealed class ShutdownDeadline : IDisposable
{
    private readonly CancellationTokenSource _deadline = new();
    private readonly CancellationTokenRegistration _stopping;

    public ShutdownDeadline(IHostApplicationLifetime lifetime, IOptions<HostOptions> host)
    {
        var budget = host.Value.ShutdownTimeout;
        if (budget > TimeSpan.Zero && budget != Timeout.InfiniteTimeSpan)
        {
            _stopping = lifetime.ApplicationStopping.Register(() => _deadline.CancelAfter(budget - Lead(budget)));
        }
    }

    public CancellationToken Token => _deadline.Token;

    /// <summary>How long before the budget ends the waiting requests are answered: a quarter of it, at most 3 s.</summary>
    public static TimeSpan Lead(TimeSpan budget) => TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(3).Ticks, budget.Ticks / 4));

    public void Dispose()
    {
        _stopping.Dispose();
        _deadline.Dispose();
    }
}
