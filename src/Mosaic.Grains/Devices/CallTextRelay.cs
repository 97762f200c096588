using Microsoft.Extensions.Logging;
using Mosaic.Abstractions.Jobs;
using Mosaic.Grains.Jobs;

namespace Mosaic.Grains.Devices;

/// <summary>
/// Carries the text of this silo's running calls of streaming jobs to their job grains, per job at most every
/// <see cref="Interval"/>: each call's text past the length its job last said it holds, so that a long generation costs
/// its length on the wire rather than its length times its reports. A report lost on the way is covered by the next,
/// which starts from the same length; a job that lost its texts (a new activation) answers a shorter length, and the
/// call's text is sent again from there. The finished text travels with the call's outcome, as every call's does.
/// </summary>
/// <param name="interval">How often it sends (<see cref="Interval"/> unless a test sets it).</param>
internal sealed class CallTextRelay(Func<string, IJobControl> jobs, ILogger<CallTextRelay> logger, TimeSpan? interval = null)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(5);

    private readonly TimeSpan _interval = interval ?? Interval;

    private readonly object _lock = new();
    private readonly Dictionary<InferenceRequest, StreamingCall> _calls = new(ReferenceEqualityComparer.Instance);
    private bool _sending;

    /// <summary>The text so far of a running call of a streaming job.</summary>
    public void Report(InferenceRequest request, string text)
    {
        lock (_lock)
        {
            if (!_calls.TryGetValue(request, out var call))
            {
                _calls[request] = call = new StreamingCall(request);
            }

            call.Text = text;
            if (_sending)
            {
                return;
            }

            _sending = true;
        }

        _ = Task.Run(SendAsync);
    }

    /// <summary>The call has ended; nothing more of its text is sent.</summary>
    public void End(InferenceRequest request)
    {
        lock (_lock)
        {
            _calls.Remove(request);
        }
    }

    private async Task SendAsync()
    {
        while (true)
        {
            await Task.Delay(_interval);
            List<IGrouping<string, (StreamingCall Call, CallText Part)>> jobsParts;
            lock (_lock)
            {
                if (_calls.Count == 0)
                {
                    _sending = false;
                    return;
                }

                jobsParts = [.. _calls.Values.Where(c => c.Text.Length > c.Held).Select(c => (c, c.NewPart())).GroupBy(p => p.c.Request.JobId)];
            }

            await Task.WhenAll(jobsParts.Select(SendAsync));
        }
    }

    private async Task SendAsync(IGrouping<string, (StreamingCall Call, CallText Part)> jobParts)
    {
        var parts = jobParts.ToList();
        try
        {
            var held = await jobs(jobParts.Key).ReportTextsAsync([.. parts.Select(p => p.Part)]).WaitAsync(ReportTimeout);
            lock (_lock)
            {
                for (var i = 0; i < Math.Min(held.Count, parts.Count); i++)
                {
                    parts[i].Call.Held = held[i];
                }
            }
        }
        catch (Exception e)
        {
            logger.LogDebug("Streamed text of job {Job} not delivered: {Error}", jobParts.Key, e.Message);
        }
    }

    /// <summary>A running call's newest text and the length of it its job holds.</summary>
    private sealed class StreamingCall(InferenceRequest request)
    {
        public InferenceRequest Request { get; } = request;

        public string Text { get; set; } = "";

        public int Held { get; set; }

        public CallText NewPart()
        {
            var key = Request.Key;
            return new CallText(key.QuestionId, key.IsAggregator ? null : key.Slot, Request.Expert, Text[Held..], Held);
        }
    }
}
