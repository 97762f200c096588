using Microsoft.Extensions.Logging;
using Mosaic.Abstractions.Jobs;
using Mosaic.Grains.Jobs;

namespace Mosaic.Grains.Devices;

/// <summary>
/// Carries the text of this silo's running calls of streaming jobs to their job grains: the newest text of each call,
/// per job at most every <see cref="Interval"/>, as one-way calls. A report lost on the way is superseded by the next;
/// the finished text travels with the call's outcome, as every call's does.
/// </summary>
internal sealed class CallTextRelay(Func<string, IJobControl> jobs, ILogger<CallTextRelay> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(150);

    private readonly object _lock = new();
    private Dictionary<string, Dictionary<CallKey, CallText>> _pending = [];
    private bool _sending;

    public void Report(InferenceRequest request, string text)
    {
        var key = request.Key;
        lock (_lock)
        {
            (_pending.TryGetValue(request.JobId, out var texts) ? texts : _pending[request.JobId] = [])[key] =
                new CallText(key.QuestionId, key.IsAggregator ? null : key.Slot, request.Expert, text);
            if (_sending)
            {
                return;
            }

            _sending = true;
        }

        _ = Task.Run(SendAsync);
    }

    private async Task SendAsync()
    {
        while (true)
        {
            await Task.Delay(Interval);
            Dictionary<string, Dictionary<CallKey, CallText>> batch;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    _sending = false;
                    return;
                }

                (batch, _pending) = (_pending, []);
            }

            foreach (var (jobId, texts) in batch)
            {
                try
                {
                    await jobs(jobId).ReportTextsAsync([.. texts.Values]);
                }
                catch (Exception e)
                {
                    logger.LogDebug("Streamed text of job {Job} not delivered: {Error}", jobId, e.Message);
                }
            }
        }
    }
}
