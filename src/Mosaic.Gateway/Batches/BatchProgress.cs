using Mosaic.Abstractions.Results;

namespace Mosaic.Gateway.Batches;

/// <summary>
/// A batch's <c>request_counts</c> as OpenAI's: lines that succeeded, and lines that failed (invalid, or decided without an
/// answer), both only growing from creation to the end. Until 2026-12-06 a line decided without an answer counted as
/// completed while the job ran and moved to failed at the end (a 50,000-line batch went from 50,000 completed to 0).
/// </summary>
internal readonly record struct BatchProgress(int Completed, int Failed)
{
    /// <summary>The counts the record holds: the invalid lines while it runs, the output and error files' lines once ended.</summary>
    public static BatchProgress Of(BatchRecord record) => new(record.Completed, record.Failed);

    /// <summary>While the job runs: <see cref="JobReport.Answered"/> counts the questions decided without an answer too.</summary>
    public static BatchProgress Running(BatchRecord record, JobReport report) =>
        new(report.Answered - report.Unanswered, record.Failed + report.Unanswered);
}
