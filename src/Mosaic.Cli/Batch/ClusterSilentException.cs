namespace Mosaic.Cli.Batch;

/// <summary>
/// The running cluster did not answer for longer than the run's patience while its job went on: the job is durable and
/// may finish without this client, so the message names it and says how to collect its answers.
/// </summary>
internal sealed class ClusterSilentException(string jobId, TimeSpan patience, Exception inner) : Exception(
    $"the cluster stopped answering for {patience.TotalSeconds:0} s ({inner.GetType().Name}: {Mosaic.Hosting.ErrorText.FirstLine(inner.Message)}); "
    + $"job {jobId} goes on in the cluster when its silos are back: run again with --job {jobId} and the same -i to collect its answers",
    inner)
{
    public string JobId { get; } = jobId;
}
