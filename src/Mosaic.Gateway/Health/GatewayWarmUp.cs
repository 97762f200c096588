using System.Diagnostics;
using Microsoft.Extensions.Options;
using Mosaic.Abstractions.Results;
using Mosaic.Client;
using Mosaic.Gateway.Chat;
using Mosaic.Gateway.Hosting;

namespace Mosaic.Gateway.Health;

/// <summary>
/// With <see cref="GatewayOptions.WarmUp"/>: as soon as the cluster answers with at least one worker and every model of
/// the pool, runs the pool's warm-up jobs (<see cref="PoolWarmUp"/>) once; <c>/readyz</c> answers 503 until they have ended.
/// A warm-up that cannot run to the end is logged and the gateway becomes ready anyway: the warm-up only saves the first
/// user's job the cold start, and the log says what went wrong.
/// </summary>
internal sealed partial class GatewayWarmUp(
    IMosaicClient client, PoolCatalog catalog, ReadinessProbe probe, WarmUpState state, ChatJobRetention retention, IOptions<GatewayOptions> options, ILogger<GatewayWarmUp> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WarmUp)
        {
            state.End(null);
            return;
        }

        try
        {
            var workers = await WorkersAsync(stoppingToken);
            var batch = options.Value.WarmUpBatchSize;
            LogStarting(logger, batch, catalog.Experts.Count, workers);
            var clock = Stopwatch.StartNew();
            var reports = await PoolWarmUp.RunAsync(client, [.. catalog.WarmUpJobs(workers, batch).Select(retention.Apply)], stoppingToken);
            var elapsed = clock.Elapsed;
            var failed = reports.Sum(r => r.FailedCalls);
            // Before the retention may forget the jobs: their results hold the failed calls' errors.
            var reasons = failed > 0 ? await FailuresAsync(reports, stoppingToken) : null;
            foreach (var report in reports)
            {
                retention.Ended(report.JobId);
            }

            LogEnded(logger, reports.Count, elapsed.TotalSeconds, reports.Sum(r => r.Questions), reports.Sum(r => r.AggregatorCalls));
            if (reasons is not null)
            {
                LogFailedCalls(logger, failed, reasons);
            }

            state.End(reports);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            state.End(null);
        }
        catch (Exception e)
        {
            LogFailed(logger, e.Message);
            state.End(null);
        }
    }

    /// <summary>The failed calls' errors as the workers reported them (<see cref="WarmUpFailures"/>), read from the results of the jobs that had any.</summary>
    private async Task<string> FailuresAsync(IReadOnlyList<JobReport> reports, CancellationToken stoppingToken)
    {
        try
        {
            var results = new List<QuestionResult>();
            foreach (var report in reports.Where(r => r.FailedCalls > 0))
            {
                results.AddRange(await client.GetResultsAsync(report.JobId, stoppingToken));
            }

            return WarmUpFailures.Describe(results);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"their errors could not be read: {e.Message.Split('\n', 2)[0].Trim()}";
        }
    }

    /// <summary>Waits until the cluster can take the pool's jobs (<see cref="ReadinessProbe.CheckClusterAsync"/>); returns how many workers it has.</summary>
    private async Task<int> WorkersAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            if (await probe.CheckClusterAsync(stoppingToken) is { Ready: true } ready)
            {
                return ready.Workers.Count;
            }

            await Task.Delay(RetryInterval, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Warming up: a batch of {Batch} calls of each of {Experts} experts and of the aggregator on each of {Workers} workers")]
    private static partial void LogStarting(ILogger logger, int batch, int experts, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warmed up by {Jobs} jobs in {Seconds:F1} s ({Calls} expert calls, {AggregatorCalls} aggregator calls)")]
    private static partial void LogEnded(ILogger logger, int jobs, double seconds, int calls, int aggregatorCalls);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Failed} warm-up calls failed: {Reasons}; questions sent to those models will miss their votes")]
    private static partial void LogFailedCalls(ILogger logger, int failed, string reasons);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The warm-up did not run to the end: {Error}; ready without it")]
    private static partial void LogFailed(ILogger logger, string error);
}
