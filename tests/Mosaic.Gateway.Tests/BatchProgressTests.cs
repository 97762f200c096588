using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Gateway.Batches;

namespace Mosaic.Gateway.Tests;

public sealed class BatchProgressTests
{
    [Fact]
    public void RunningBatch_LinesDecidedWithoutAnAnswerAreFailed_AndTheCountsOnlyGrowToTheFinalOnes()
    {
        // 100 lines, 2 of them invalid (failed from the start); the job decides the other 98, 10 of them without an answer.
        var record = new BatchRecord("batch_1", BatchStatus.InProgress, "file-1", "/v1/chat/completions", "24h", 0, 0, null, Total: 100, Failed: 2);
        var polls = new[] { (0, 0), (30, 4), (60, 7), (98, 10) }.Select(p => BatchProgress.Running(record, Report(p.Item1, p.Item2))).ToArray();

        Assert.Equal([new(0, 2), new(26, 6), new(53, 9), new(88, 12)], polls);
        // What the output and error files hold at the end: 88 answered lines, 2 invalid + 10 unanswered.
        var final = BatchProgress.Of(record with { Status = BatchStatus.Completed, Completed = 88, Failed = 12 });
        Assert.Equal(polls[^1], final);
    }

    private static JobReport Report(int answered, int unanswered) => new(
        "batch_1", JobStatus.Running, "emulated", SchedulerKind.Mosaic, 98, answered, 0, 0, 0, 0, 0, null, null, [], 0,
        new Dictionary<string, double>(), 0, 0, null, null, null, 0, 0, 1, 0, 0, 0, new Dictionary<string, double>(), 0, unanswered);
}
