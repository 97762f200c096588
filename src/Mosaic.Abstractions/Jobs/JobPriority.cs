using System.ComponentModel;
using System.Text.Json.Serialization;
using Mosaic.Aggregation;

namespace Mosaic.Abstractions.Jobs;

/// <summary>
/// How a job's work is ordered against other jobs' on each worker. Within one priority jobs are served first-come;
/// a batch job's work yields to every interactive job's work that can run, as OpenAI's batch API does.
/// </summary>
[TypeConverter(typeof(EnumNameConverter<JobPriority>))]
public enum JobPriority
{
    /// <summary>Someone is waiting for the answer (a chat completion, a response, a client's question).</summary>
    [JsonStringEnumMemberName("interactive")]
    Interactive,

    /// <summary>
    /// Throughput work (a batch file): runs when no interactive job has work a worker could run. A batch session in
    /// progress stops admitting calls while an interactive call waits; its running calls finish.
    /// </summary>
    [JsonStringEnumMemberName("batch")]
    Batch,
}
