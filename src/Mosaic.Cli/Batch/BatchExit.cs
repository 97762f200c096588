namespace Mosaic.Cli.Batch;

/// <summary>
/// How <c>mosaic run</c> ends once its output file is written. As with <c>vllm run-batch</c>, a line's error is in the
/// file and does not fail the run: exit code 0 when at least one valid request got an answer. A run that answered none
/// fails, with one line on stderr: 2 when the file had no valid request (bad input), 1 when its job failed or was
/// cancelled, or when it answered none of the valid requests.
/// </summary>
internal static class BatchExit
{
    public static (int Code, string? Error) Of(BatchSummary summary, string input) => summary switch
    {
        { JobError: { } jobError } => (ExitCodes.Failure, $"{jobError}; the output says so on each line it left unanswered"),
        { Requests: 0 } => (ExitCodes.UsageError, $"{input} has no request line"),
        { ValidRequests: 0 } => (ExitCodes.UsageError, $"no line of {input} is a valid request; the output has each line's error"),
        { Answered: 0 } => (ExitCodes.Failure,
            $"{(summary.ValidRequests == 1 ? "the one valid request got no answer" : $"none of the {summary.ValidRequests:N0} valid requests got an answer")}; the output has each line's error"),
        _ => (ExitCodes.Success, null),
    };
}
