using System.Text.Json.Serialization;

namespace Mosaic.Benchmarks;

/// <summary>A worker at the end of the recovery benchmark: how often its silo was started, and the calls its last incarnation completed.</summary>
internal sealed record RecoveryWorker(
    [property: JsonPropertyName("worker")] string Worker,
    [property: JsonPropertyName("incarnations")] int Incarnations,
    [property: JsonPropertyName("completed_calls_last_incarnation")] long CompletedCalls);
