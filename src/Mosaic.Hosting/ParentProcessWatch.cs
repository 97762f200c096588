using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mosaic.Hosting;

/// <summary>
/// Stops the silo when the process that started it exits (<c>Silo:ParentProcessId</c>), so a supervisor that dies —
/// a benchmark or test host killed mid-run — never leaves silos behind. A stop that hangs ends the process.
/// </summary>
internal sealed class ParentProcessWatch(int parentId, IHostApplicationLifetime lifetime, ILogger<ParentProcessWatch> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var parent = Open(parentId);
        using var timer = new PeriodicTimer(Period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (parent is null || parent.HasExited)
            {
                logger.LogWarning("Parent process {Parent} has exited; this silo stops", parentId);
                lifetime.StopApplication();
                _ = Task.Delay(StopGrace, CancellationToken.None).ContinueWith(_ => Environment.Exit(3), TaskScheduler.Default);
                return;
            }
        }
    }

    private static Process? Open(int id)
    {
        try
        {
            return Process.GetProcessById(id);
        }
        catch (ArgumentException)
        {
            return null; // already gone
        }
    }
}
