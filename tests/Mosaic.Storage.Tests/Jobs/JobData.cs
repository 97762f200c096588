using System.Text;
using Mosaic.Storage.Jobs;

namespace Mosaic.Storage.Tests.Jobs;

/// <summary>Builders and comparisons for job store tests.</summary>
internal static class JobData
{
    /// <summary>A fixed instant with sub-microsecond ticks and a non-UTC offset, to exercise normalization.</summary>
    public static readonly DateTimeOffset Start = new DateTimeOffset(2026, 3, 14, 15, 9, 26, TimeSpan.FromHours(2)).AddTicks(5_358_979);

    public static string NewJobId() => TestClusters.NewId("job");

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    public static StoredOutput Output(string questionId, int slot, string payload) => new(questionId, slot, Bytes(payload));

    public static ResultSummary Summary(
        bool? correct = true,
        bool aggregator = false,
        int cancelled = 0,
        int failed = 0,
        int expertsSeconds = 1,
        int completedSeconds = 2,
        bool trimmed = false,
        bool unanswered = false) =>
        new(correct, aggregator, cancelled, failed, Start.AddSeconds(expertsSeconds), Start.AddSeconds(completedSeconds), trimmed, unanswered);

    public static StoredResult Result(int index, string payload = "answer", ResultSummary? summary = null) =>
        new(index, $"q{index}", Bytes($"{payload}-{index}"), summary ?? Summary());

    /// <summary>UTC, offset zero, whole microseconds: what every store returns.</summary>
    public static DateTimeOffset Stored(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    public static void AssertStored(StoredResult expected, StoredResult actual)
    {
        Assert.Equal(expected.QuestionIndex, actual.QuestionIndex);
        Assert.Equal(expected.QuestionId, actual.QuestionId);
        Assert.Equal(expected.Payload, actual.Payload);
        Assert.Equal(expected.Summary.Correct, actual.Summary.Correct);
        Assert.Equal(expected.Summary.AggregatorCalled, actual.Summary.AggregatorCalled);
        Assert.Equal(expected.Summary.CancelledCalls, actual.Summary.CancelledCalls);
        Assert.Equal(expected.Summary.FailedCalls, actual.Summary.FailedCalls);
        Assert.Equal(expected.Summary.PromptTrimmed, actual.Summary.PromptTrimmed);
        AssertInstant(Stored(expected.Summary.ExpertsDoneAt), actual.Summary.ExpertsDoneAt);
        AssertInstant(Stored(expected.Summary.CompletedAt), actual.Summary.CompletedAt);
    }

    /// <summary>Same instant and same offset (DateTimeOffset equality alone ignores the offset).</summary>
    public static void AssertInstant(DateTimeOffset expected, DateTimeOffset? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.UtcTicks, actual.Value.UtcTicks);
        Assert.Equal(expected.Offset, actual.Value.Offset);
    }
}
