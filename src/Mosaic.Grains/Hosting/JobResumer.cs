using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mosaic.Abstractions;
using Mosaic.Grains.Jobs;
using Mosaic.Storage.Jobs;

namespace Mosaic.Grains.Hosting;

/// <summary>
/// On every silo: every few seconds, wakes each job the store lists as running. A job whose activation died with its
/// silo is re-activated on a live silo and resumes from its rows, with no client involved; a live job ignores it.
/// The same scan deletes the ended jobs whose retention has passed (<see cref="Abstractions.Jobs.JobSpec.Retention"/>).
/// </summary>
internal sealed class JobResumer(IJobStore store, IGrainFactory grains, IOptions<MosaicGrainsOptions> options, ILogger<JobResumer> logger) : BackgroundService
{
    /// <summary>Deletions per scan: a backlog (a store that was offline) goes in steps rather than in one burst.</summary>
    private const int ExpiredPerScan = 512;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.ResumeScanSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var running = await store.ListRunningJobsAsync(stoppingToken);
                await Task.WhenAll(running.Select(id => grains.GetGrain<IJobControl>(id).EnsureRunningAsync()));
                var expired = await store.ListExpiredJobsAsync(DateTimeOffset.UtcNow, ExpiredPerScan, stoppingToken);
                await Task.WhenAll(expired.Select(id => grains.GetGrain<IJobGrain>(id).DiscardAsync()));
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug("Resume scan skipped: {Error}", e.Message);
            }
        }
    }
}
