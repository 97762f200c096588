using System.Text.Json.Serialization;

namespace Mosaic.Benchmarks;

/// <summary>One SIGKILL of the recovery benchmark: which silo, why it was chosen, how far the job was, how the restart went.</summary>
internal sealed record RecoveryKill(
    [property: JsonPropertyName("at_s")] double AtSeconds,
    [property: JsonPropertyName("worker")] string Worker,
    [property: JsonPropertyName("pid")] int ProcessId,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("was_jobs_silo")] bool WasJobsSilo,
    [property: JsonPropertyName("was_oldest_silo")] bool WasOldestSilo,
    [property: JsonPropertyName("answered_before")] int AnsweredBefore,
    [property: JsonPropertyName("job_running")] bool JobRunning,
    [property: JsonPropertyName("restarted_on_new_ports")] bool NewPorts,
    [property: JsonPropertyName("restart_s")] double RestartSeconds);
