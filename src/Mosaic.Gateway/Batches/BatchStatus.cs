namespace Mosaic.Gateway.Batches;

/// <summary>OpenAI's batch statuses (snake_case on the wire).</summary>
internal enum BatchStatus
{
    Validating,
    Failed,
    InProgress,
    Finalizing,
    Completed,
    Expired,
    Cancelling,
    Cancelled,
}
