using Microsoft.Extensions.Logging.Abstractions;
using Mosaic.Grains.Devices;
using static Mosaic.Grains.Tests.Calls;

namespace Mosaic.Grains.Tests;

/// <summary>The relay that carries streaming calls' texts to their jobs, against a job double that answers as the job grain does.</summary>
public sealed class CallTextRelayTests
{
    [Fact]
    public async Task Relay_SendsEachPartOfATextOnce()
    {
        var job = new JobControlDouble();
        var relay = new CallTextRelay(_ => job, NullLogger<CallTextRelay>.Instance);
        var call = Request("j", "tiny", "q");

        var text = await GrowAsync(relay, call, job, steps: 12, during: _ => { });

        // The parts follow one another without overlap: the text crossed the wire once.
        var parts = job.Parts;
        Assert.True(parts.Count >= 2, $"{parts.Count} parts");
        Assert.Equal(parts.SkipLast(1).Select(p => p.End).Prepend(0), parts.Select(p => p.Offset));
        Assert.Equal(text.Length, parts.Sum(p => p.Text.Length));
    }

    [Fact]
    public async Task Relay_LostReportsAndAJobThatForgot_StillMakeUpTheWholeText()
    {
        var job = new JobControlDouble();
        var relay = new CallTextRelay(_ => job, NullLogger<CallTextRelay>.Instance);
        var call = Request("j", "tiny", "q");
        var forgotten = 0;

        var text = await GrowAsync(relay, call, job, steps: 16, during: step =>
        {
            if (step == 4)
            {
                job.LoseReports(2);
            }
            else if (step == 10)
            {
                forgotten = job.Forget("q");
            }
        });

        // A lost report's text comes with the next; the forgotten text is sent once more from its start.
        Assert.True(forgotten > 0, "the job held text when it forgot");
        Assert.Equal(text.Length + forgotten, job.Parts.Sum(p => p.Text.Length));
    }

    /// <summary>Reports a text growing over a number of steps (each a little over a relay interval) until the job holds it all; returns the text.</summary>
    private static async Task<string> GrowAsync(CallTextRelay relay, InferenceRequest call, JobControlDouble job, int steps, Action<int> during)
    {
        var text = "";
        for (var step = 0; step < steps; step++)
        {
            during(step);
            text += $"step {step}: 💬 grows; ";
            relay.Report(call, text);
            await Task.Delay(CallTextRelay.Interval + TimeSpan.FromMilliseconds(30));
        }

        await DeviceHarness.Until(() => job.TextOf("q", 0) == text, "the job holds the whole text");
        relay.End(call);
        return text;
    }
}
