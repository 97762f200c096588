namespace Mosaic.Storage.Jobs;

/// <summary>
/// The statements of <see cref="SqliteJobStore"/> over the tables of <c>infra/sql/sqlite/03-jobs.sql</c>. Booleans are
/// 0/1, timestamps microseconds since 1970 UTC. Batches run as one prepared statement executed per row inside a single
/// transaction (SQLite is in-process: no round trips to save).
/// </summary>
internal static class SqliteJobSql
{
    public const string JobExists = "SELECT 1 FROM mosaic_job WHERE service_id = $service AND job_id = $job";

    public const string CreateJob = """
        INSERT INTO mosaic_job (service_id, job_id, spec) VALUES ($service, $job, $spec)
        ON CONFLICT (service_id, job_id) DO NOTHING
        """;

    public const string ReadSpec = "SELECT spec FROM mosaic_job WHERE service_id = $service AND job_id = $job";

    public const string DeleteJob = """
        DELETE FROM mosaic_job_output WHERE service_id = $service AND job_id = $job;
        DELETE FROM mosaic_job_result WHERE service_id = $service AND job_id = $job;
        DELETE FROM mosaic_job WHERE service_id = $service AND job_id = $job;
        """;

    public const string SetRunning = """
        UPDATE mosaic_job SET running = $running
        WHERE service_id = $service AND job_id = $job AND running <> $running
        """;

    public const string ListRunning = """
        SELECT job_id FROM mosaic_job WHERE service_id = $service AND running = 1 ORDER BY job_id
        """;

    public const string SetExpiry = "UPDATE mosaic_job SET expires_at = $expires WHERE service_id = $service AND job_id = $job";

    public const string ListExpired = """
        SELECT job_id FROM mosaic_job WHERE service_id = $service AND expires_at IS NOT NULL AND expires_at <= $now ORDER BY job_id LIMIT $limit
        """;

    // $count is how often the key occurs in the batch with payloads of its own; a stored key keeps its payload and adds
    // them to its completions, less one when the batch's first payload is the stored one (a write retried after a failure).
    public const string SaveOutput = """
        INSERT INTO mosaic_job_output (service_id, job_id, question_id, slot, payload, completions)
        VALUES ($service, $job, $question, $slot, $payload, $count)
        ON CONFLICT (service_id, job_id, question_id, slot)
        DO UPDATE SET completions = completions + excluded.completions - CASE WHEN payload = excluded.payload THEN 1 ELSE 0 END
        """;

    public const string ReadOutputs = """
        SELECT question_id, slot, payload, completions
        FROM mosaic_job_output
        WHERE service_id = $service AND job_id = $job
        ORDER BY question_id, slot
        """;

    public const string CountRepeatedCompletions = """
        SELECT COALESCE(sum(completions - 1), 0)
        FROM mosaic_job_output
        WHERE service_id = $service AND job_id = $job
        """;

    // Changes one row when the question index is new, none when it is already stored.
    public const string SaveResult = """
        INSERT INTO mosaic_job_result
            (service_id, job_id, question_index, question_id, payload, correct, aggregator_called,
             cancelled_calls, failed_calls, experts_done_at, completed_at, prompt_trimmed, unanswered)
        VALUES ($service, $job, $index, $question, $payload, $correct, $aggregator,
                $cancelled, $failed, $expertsDone, $completed, $trimmed, $unanswered)
        ON CONFLICT (service_id, job_id, question_index) DO NOTHING
        """;

    // Adds the totals of the rows a batch inserted. SQLite's two-argument max() returns NULL when either side is NULL,
    // hence the COALESCE.
    public const string AddTotals = """
        UPDATE mosaic_job
        SET answered             = answered + $answered,
            correct              = correct + $correct,
            with_gold            = with_gold + $withGold,
            aggregator_calls     = aggregator_calls + $aggregator,
            cancelled_calls      = cancelled_calls + $cancelled,
            failed_calls         = failed_calls + $failed,
            trimmed_prompts      = trimmed_prompts + $trimmed,
            unanswered           = unanswered + $unanswered,
            last_experts_done_at = max(COALESCE(last_experts_done_at, $expertsDone), $expertsDone),
            last_completed_at    = max(COALESCE(last_completed_at, $completed), $completed)
        WHERE service_id = $service AND job_id = $job
        """;

    public const string ReadResults = """
        SELECT question_index, question_id, payload, correct, aggregator_called,
               cancelled_calls, failed_calls, experts_done_at, completed_at, prompt_trimmed, unanswered
        FROM mosaic_job_result
        WHERE service_id = $service AND job_id = $job AND question_index >= $from
        ORDER BY question_index
        LIMIT $limit
        """;

    public const string ReadAnsweredIndexes = """
        SELECT question_index FROM mosaic_job_result
        WHERE service_id = $service AND job_id = $job
        ORDER BY question_index
        """;

    public const string ReadTotals = """
        SELECT answered, correct, with_gold, aggregator_calls, cancelled_calls, failed_calls, trimmed_prompts,
               last_experts_done_at, last_completed_at, unanswered
        FROM mosaic_job
        WHERE service_id = $service AND job_id = $job
        """;
}
