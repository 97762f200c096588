using System.Text.Json.Serialization;

namespace Mosaic.Cli.Batch;

/// <summary>
/// What <c>mosaic run --json</c> prints once the output file is in place; <see cref="JobId"/> is the batch's job in the
/// cluster (the id the silos' log lines carry as <c>State.Job</c>, and <c>--job</c> follows); <see cref="JobError"/> is
/// why the batch's job ended before answering every request (failed or cancelled), null when it completed;
/// <see cref="ValidRequests"/> the lines that were requests the pool could be asked (the others are errors in the file).
/// </summary>
internal sealed record BatchSummary(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("output")] string Output,
    [property: JsonPropertyName("requests")] int Requests,
    [property: JsonPropertyName("valid_requests")] int ValidRequests,
    [property: JsonPropertyName("answered")] int Answered,
    [property: JsonPropertyName("errors")] int Errors,
    [property: JsonPropertyName("aggregator_calls")] int AggregatorCalls,
    [property: JsonPropertyName("accuracy")] double? Accuracy,
    [property: JsonPropertyName("cluster")] string Cluster,
    [property: JsonPropertyName("wall_s")] double WallSeconds,
    [property: JsonPropertyName("job_error")] string? JobError = null);
