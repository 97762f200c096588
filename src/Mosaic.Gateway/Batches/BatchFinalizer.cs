using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mosaic.Gateway.Hosting;
using Mosaic.Storage.Batches;

namespace Mosaic.Gateway.Batches;

/// <summary>
/// Every <see cref="GatewayOptions.BatchScanInterval"/>, from start-up on, advances every open batch: the batches any
/// gateway created, including ones a stopped gateway left half-way. The steps are compare-and-set and idempotent, so
/// several gateways scanning together finish each batch once. A store that cannot be read is said once when it starts
/// failing, every <see cref="RepeatWarningEvery"/> while it goes on, and once when it is readable again: a scan every
/// two seconds must not write a warning every two seconds.
/// </summary>
internal sealed class BatchFinalizer(IBatchStore store, BatchService batches, IOptions<GatewayOptions> options, TimeProvider time, ILogger<BatchFinalizer> logger)
    : BackgroundService
{
    public static readonly TimeSpan RepeatWarningEvery = TimeSpan.FromMinutes(1);

    private DateTimeOffset? _failingSince;
    private DateTimeOffset _warnedAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.BatchScanInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(interval);
            do
            {
                await ScanAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task ScanAsync(CancellationToken ct)
    {
        IReadOnlyList<StoredBatch> open;
        try
        {
            open = await store.ListOpenBatchesAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var now = time.GetUtcNow();
            if (_failingSince is not { } since)
            {
                (_failingSince, _warnedAt) = (now, now);
                logger.LogWarning("Batch scan: the batch store is not readable: {Error}", e.Message);
            }
            else if (now - _warnedAt >= RepeatWarningEvery)
            {
                _warnedAt = now;
                logger.LogWarning("Batch scan: the batch store is still not readable ({Seconds:0} s): {Error}", (now - since).TotalSeconds, e.Message);
            }

            return;
        }

        if (_failingSince is { } failedAt)
        {
            _failingSince = null;
            logger.LogInformation("Batch scan: the batch store is readable again after {Seconds:0} s", (time.GetUtcNow() - failedAt).TotalSeconds);
        }

        foreach (var batch in open)
        {
            await batches.TryAdvanceAsync(batch, ct);
        }
    }
}
