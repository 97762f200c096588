namespace Mosaic.Gateway.Batches;

internal static class BatchStatuses
{
    /// <summary>Still needs work from some gateway: validation, watching the job, or writing the files.</summary>
    public static bool IsOpen(this BatchStatus status) =>
        status is BatchStatus.Validating or BatchStatus.InProgress or BatchStatus.Finalizing or BatchStatus.Cancelling;

    public static string Name(this BatchStatus status) => status switch
    {
        BatchStatus.InProgress => "in_progress",
        _ => status.ToString().ToLowerInvariant(),
    };
}
