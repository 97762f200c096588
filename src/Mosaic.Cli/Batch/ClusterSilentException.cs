using Mosaic.Client;

namespace Mosaic.Cli.Batch;

/// <summary>
/// The running cluster did not answer for longer than the run's patience while its job went on: the job is durable and
/// may finish without this client, so the message names it and says how to collect its answers.
/// </summary>
internal sealed class ClusterSilentException(string jobId, ClusterUnavailableException inner) : Exception(
    $"{inner.Message.TrimEnd('.')}; job {jobId} goes on in the cluster when its silos are back: run again with --job {jobId} and the same -i to collect its answers",
    inner)
{
    public string JobId { get; } = jobId;
}
