using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mosaic.Gateway.Hosting;
using Mosaic.Storage.Batches;

namespace Mosaic.Gateway.Batches;

/// <summary>
/// Every <see cref="GatewayOptions.BatchScanInterval"/>, from start-up on, advances every open batch: the batches any
/// gateway created, including ones a stopped gateway left half-way. The steps are compare-and-set and idempotent, so
/// several gateways scanning together finish each batch once.
/// </summary>
internal sealed class BatchFinalizer(IBatchStore store, BatchService batches, IOptions<GatewayOptions> options, ILogger<BatchFinalizer> logger) : BackgroundService
{
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
            logger.LogWarning("Batch scan: the batch store is not readable: {Error}", e.Message);
            return;
        }

        foreach (var batch in open)
        {
            await batches.TryAdvanceAsync(batch, ct);
        }
    }
}
