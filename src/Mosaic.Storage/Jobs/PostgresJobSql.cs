namespace Mosaic.Storage.Jobs;

/// <summary>
/// The statements of <see cref="PostgresJobStore"/> over the tables of <c>infra/sql/postgresql/04-jobs.sql</c>.
/// $1 is always the service id and $2 the job id. Batches travel as arrays expanded by <c>unnest</c>, so a write of any
/// size is one statement (one round trip, one plan).
/// </summary>
internal static class PostgresJobSql
{
    public const string CreateJob = """
        INSERT INTO mosaic_job (service_id, job_id, spec) VALUES ($1, $2, $3)
        ON CONFLICT ON CONSTRAINT mosaic_job_pk DO NOTHING
        """;

    public const string ReadSpec = "SELECT spec FROM mosaic_job WHERE service_id = $1 AND job_id = $2";

    // Outputs and results go with the job row (ON DELETE CASCADE).
    public const string DeleteJob = "DELETE FROM mosaic_job WHERE service_id = $1 AND job_id = $2";

    public const string SetRunning = """
        UPDATE mosaic_job SET running = $3
        WHERE service_id = $1 AND job_id = $2 AND running <> $3
        """;

    public const string ListRunning = "SELECT job_id FROM mosaic_job WHERE service_id = $1 AND running ORDER BY job_id";

    public const string SetExpiry = "UPDATE mosaic_job SET expires_at = $3 WHERE service_id = $1 AND job_id = $2";

    public const string ListExpired = """
        SELECT job_id FROM mosaic_job WHERE service_id = $1 AND expires_at IS NOT NULL AND expires_at <= $2 ORDER BY job_id LIMIT $3
        """;

    // The batch holds each key once with its number of occurrences ($6); a key already stored keeps its payload and
    // adds them to its completions. A missing job fails on the foreign key.
    public const string SaveOutputs = """
        INSERT INTO mosaic_job_output AS o (service_id, job_id, question_id, slot, payload, completions)
        SELECT $1, $2, r.question_id, r.slot, r.payload, r.completions
        FROM unnest($3::varchar[], $4::integer[], $5::bytea[], $6::integer[]) AS r (question_id, slot, payload, completions)
        ON CONFLICT ON CONSTRAINT mosaic_job_output_pk
        DO UPDATE SET completions = o.completions + EXCLUDED.completions - CASE WHEN o.payload = EXCLUDED.payload THEN 1 ELSE 0 END
        """;

    public const string ReadOutputs = """
        SELECT question_id, slot, payload, completions
        FROM mosaic_job_output
        WHERE service_id = $1 AND job_id = $2
        ORDER BY question_id, slot
        """;

    public const string CountRepeatedCompletions = """
        SELECT COALESCE(sum(completions - 1), 0)::bigint
        FROM mosaic_job_output
        WHERE service_id = $1 AND job_id = $2
        """;

    // Rows whose question index is already stored are skipped; the job's totals grow by exactly the rows this statement
    // inserted (RETURNING yields only those), in the same statement. GREATEST ignores NULLs.
    public const string SaveResults = """
        WITH inserted AS (
            INSERT INTO mosaic_job_result
                (service_id, job_id, question_index, question_id, payload, correct, aggregator_called,
                 cancelled_calls, failed_calls, experts_done_at, completed_at, prompt_trimmed, unanswered)
            SELECT $1, $2, r.question_index, r.question_id, r.payload, r.correct, r.aggregator_called,
                   r.cancelled_calls, r.failed_calls, r.experts_done_at, r.completed_at, r.prompt_trimmed, r.unanswered
            FROM unnest($3::integer[], $4::varchar[], $5::bytea[], $6::boolean[], $7::boolean[],
                        $8::integer[], $9::integer[], $10::timestamptz[], $11::timestamptz[], $12::boolean[], $13::boolean[])
                 AS r (question_index, question_id, payload, correct, aggregator_called,
                       cancelled_calls, failed_calls, experts_done_at, completed_at, prompt_trimmed, unanswered)
            ON CONFLICT ON CONSTRAINT mosaic_job_result_pk DO NOTHING
            RETURNING correct, aggregator_called, cancelled_calls, failed_calls, experts_done_at, completed_at, prompt_trimmed, unanswered
        ), added AS (
            SELECT count(*)                                   AS answered,
                   count(*) FILTER (WHERE correct)            AS correct,
                   count(correct)                             AS with_gold,
                   count(*) FILTER (WHERE aggregator_called)  AS aggregator_calls,
                   COALESCE(sum(cancelled_calls), 0)          AS cancelled_calls,
                   COALESCE(sum(failed_calls), 0)             AS failed_calls,
                   count(*) FILTER (WHERE prompt_trimmed)     AS trimmed_prompts,
                   count(*) FILTER (WHERE unanswered)         AS unanswered,
                   max(experts_done_at)                       AS last_experts_done_at,
                   max(completed_at)                          AS last_completed_at
            FROM inserted
        )
        UPDATE mosaic_job AS j
        SET answered             = j.answered + a.answered,
            correct              = j.correct + a.correct,
            with_gold            = j.with_gold + a.with_gold,
            aggregator_calls     = j.aggregator_calls + a.aggregator_calls,
            cancelled_calls      = j.cancelled_calls + a.cancelled_calls,
            failed_calls         = j.failed_calls + a.failed_calls,
            trimmed_prompts      = j.trimmed_prompts + a.trimmed_prompts,
            unanswered           = j.unanswered + a.unanswered,
            last_experts_done_at = GREATEST(j.last_experts_done_at, a.last_experts_done_at),
            last_completed_at    = GREATEST(j.last_completed_at, a.last_completed_at)
        FROM added AS a
        WHERE j.service_id = $1 AND j.job_id = $2 AND a.answered > 0
        """;

    public const string ReadResults = """
        SELECT question_index, question_id, payload, correct, aggregator_called,
               cancelled_calls, failed_calls, experts_done_at, completed_at, prompt_trimmed, unanswered
        FROM mosaic_job_result
        WHERE service_id = $1 AND job_id = $2 AND question_index >= $3
        ORDER BY question_index
        LIMIT $4
        """;

    // One array value instead of a row per question.
    public const string ReadAnsweredIndexes = """
        SELECT array_agg(question_index ORDER BY question_index)
        FROM mosaic_job_result
        WHERE service_id = $1 AND job_id = $2
        """;

    public const string ReadTotals = """
        SELECT answered, correct, with_gold, aggregator_calls, cancelled_calls, failed_calls, trimmed_prompts,
               last_experts_done_at, last_completed_at, unanswered
        FROM mosaic_job
        WHERE service_id = $1 AND job_id = $2
        """;
}
