using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Mosaic.Aggregation.Extraction;
using Mosaic.Grains.Devices;

namespace Mosaic.Grains.Tests.Devices;

public sealed class CallFailureLogTests
{
    private readonly LinesLogger _logger = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void ContextLengthRefusals_AreDebugOnly()
    {
        var log = new CallFailureLog(_logger, _time, TimeSpan.FromMinutes(1));

        for (var i = 0; i < 1000; i++)
        {
            log.Failed("gpu0", Request("batch-1", i), new ArgumentException("the prompt has 1720 tokens and max new tokens is 8: 1728 exceeds the context length of 512 tokens"));
        }

        Assert.Equal(1000, _logger.Entries.Count);
        Assert.All(_logger.Entries, e => Assert.Equal(LogLevel.Debug, e.Level));
    }

    [Fact]
    public void AFloodOfFailures_IsTheFirstOfEachJobThenOneCountPerPeriod()
    {
        var log = new CallFailureLog(_logger, _time, TimeSpan.FromMinutes(1));

        for (var i = 0; i < 500; i++)
        {
            log.Failed("gpu0", Request(i % 2 == 0 ? "a" : "b", i), new InvalidOperationException("CUDA error: out of memory"));
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        log.Failed("gpu0", Request("a", 500), new InvalidOperationException("CUDA error: out of memory"));

        Assert.All(_logger.Entries, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.Equal(
            [
                "Worker gpu0: call q0:0 of job a on alpha failed: CUDA error: out of memory",
                "Worker gpu0: call q1:0 of job b on alpha failed: CUDA error: out of memory",
                "Worker gpu0: 498 more calls failed in the last 60 s (one line per job and period)",
                "Worker gpu0: call q500:0 of job a on alpha failed: CUDA error: out of memory",
            ],
            _logger.Entries.Select(e => e.Line));
    }

    private static InferenceRequest Request(string job, int question) =>
        new(job, 1, new CallKey($"q{question}", 0), "alpha", "What is 2 + 3?", null, AnswerFormat.Number, null, question, null, null);
}
