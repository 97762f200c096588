using System.Text.Json.Serialization;

namespace Mosaic.Benchmarks;

/// <summary>
/// The JSON document <c>mosaic bench recovery --json</c> prints. <see cref="AnsweredMoreThanOnce"/> and
/// <see cref="Lost"/> come from the stored result rows (paged through a client), <see cref="ExpertCallsRecomputed"/>
/// from the job store's repeated completions, <see cref="CompletedWithoutClient"/> from the job's finish time against
/// the moments the client left and came back. <see cref="SharedSlots"/> counts the slots that took a repeated call's answer
/// instead of running their own (0 without <see cref="ShareRepeatedCalls"/>); <see cref="SharedSlotsUnlikeTheirCall"/> those that
/// differ in any field from the slot whose call they took (must be 0).
/// </summary>
internal sealed record RecoveryReport(
    [property: JsonPropertyName("storage")] string Storage,
    [property: JsonPropertyName("silos")] int Silos,
    [property: JsonPropertyName("questions")] int Questions,
    [property: JsonPropertyName("kills")] int Kills,
    [property: JsonPropertyName("kills_requested")] int KillsRequested,
    [property: JsonPropertyName("kills_hitting_workers")] int KillsHittingWorkers,
    [property: JsonPropertyName("jobs_silo_kills")] int JobsSiloKills,
    [property: JsonPropertyName("oldest_silo_kills")] int OldestSiloKills,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("answered")] int Answered,
    [property: JsonPropertyName("answered_more_than_once")] int AnsweredMoreThanOnce,
    [property: JsonPropertyName("lost")] int Lost,
    [property: JsonPropertyName("expert_calls_recomputed")] long ExpertCallsRecomputed,
    [property: JsonPropertyName("share_repeated_calls")] bool ShareRepeatedCalls,
    [property: JsonPropertyName("shared_slots")] int SharedSlots,
    [property: JsonPropertyName("shared_slots_unlike_their_call")] int SharedSlotsUnlikeTheirCall,
    [property: JsonPropertyName("completed_without_client")] bool CompletedWithoutClient,
    [property: JsonPropertyName("replans")] int Replans,
    [property: JsonPropertyName("generation")] int Generation,
    [property: JsonPropertyName("skipped_sessions")] int SkippedSessions,
    [property: JsonPropertyName("failed_calls")] int FailedCalls,
    [property: JsonPropertyName("wall_s")] double WallSeconds,
    [property: JsonPropertyName("job_s")] double JobSeconds,
    [property: JsonPropertyName("time_scale")] double TimeScale,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("kill_log")] IReadOnlyList<RecoveryKill> KillLog,
    [property: JsonPropertyName("workers")] IReadOnlyList<RecoveryWorker> Workers)
{
    /// <summary>The acceptance of issue 12: everything answered exactly once, nothing recomputed, shared slots as their calls, finished without the client, a re-plan per kill.</summary>
    [JsonPropertyName("passed")]
    public bool Passed =>
        Status == "completed" && Answered == Questions && AnsweredMoreThanOnce == 0 && Lost == 0 && ExpertCallsRecomputed == 0
        && SharedSlotsUnlikeTheirCall == 0 && CompletedWithoutClient && Kills == KillsRequested && Replans >= KillsHittingWorkers;
}
