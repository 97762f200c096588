using Microsoft.Extensions.Logging;

namespace Mosaic.Grains.Placement;

/// <summary>
/// Once a second while this silo is active, asks every active silo whose worker id Orleans' metadata cache lacks for its
/// metadata directly (<see cref="ISiloMetadataGrain"/>), so a worker whose metadata fetch failed once is not left out of
/// every plan until membership happens to change.
/// </summary>
internal sealed partial class WorkerDiscovery(
    IClusterMembershipService membership,
    WorkerDirectory directory,
    IGrainFactory grains,
    ILogger<WorkerDiscovery> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WorkerDiscovery), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                var active = membership.CurrentSnapshot.Members.Values
                    .Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToHashSet();
                directory.ForgetAllBut(active);
                await Task.WhenAll(active
                    .Where(silo => directory.MissingFromCache(silo) && !directory.WasDiscovered(silo))
                    .Select(silo => AskAsync(silo, stopping)));
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task AskAsync(SiloAddress silo, CancellationToken stopping)
    {
        try
        {
            var published = await grains.GetGrain<ISiloMetadataGrain>(silo.ToParsableString()).GetAsync().WaitAsync(AskTimeout, stopping);
            directory.Discovered(silo, published);
            if (directory.WorkerOf(silo) is { } worker)
            {
                LogFound(logger, silo, worker);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            // Asked again on the next tick while the silo stays active and its metadata stays missing.
            LogNotAnswered(logger, silo, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Worker} on silo {Silo} found by asking the silo: its silo metadata had not reached this silo")]
    private static partial void LogFound(ILogger logger, SiloAddress silo, string worker);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Silo {Silo} did not give its metadata: {Reason}")]
    private static partial void LogNotAnswered(ILogger logger, SiloAddress silo, string reason);
}
