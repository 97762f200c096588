namespace Mosaic.Storage.Batches;

/// <summary>
/// The statements of <see cref="PostgresBatchStore"/> over the tables of <c>infra/sql/postgresql/05-batches.sql</c>.
/// $1 is always the service id. Keyset pages compare (created_at, id) with the anchor row's; an unknown anchor makes
/// the comparison NULL, so the page is empty.
/// </summary>
internal static class PostgresBatchSql
{
    public const string CreateFile = """
        INSERT INTO mosaic_file (service_id, file_id, file_name, purpose, bytes, content, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT ON CONSTRAINT mosaic_file_pk DO NOTHING
        """;

    public const string ReadFileInfo = """
        SELECT file_id, file_name, purpose, bytes, created_at FROM mosaic_file WHERE service_id = $1 AND file_id = $2
        """;

    public const string ReadFileContent = "SELECT content FROM mosaic_file WHERE service_id = $1 AND file_id = $2";

    // Deleting a file: lock its row first (a batch being created on it holds the row FOR SHARE until it commits), then
    // look for an open batch reading it in a statement of its own, whose snapshot sees a batch that committed meanwhile.
    public const string LockFile = "SELECT 1 FROM mosaic_file WHERE service_id = $1 AND file_id = $2 FOR UPDATE";

    public const string OpenBatchReading = """
        SELECT batch_id FROM mosaic_batch
        WHERE service_id = $1 AND input_file_id = $2 AND is_open
        ORDER BY created_at, batch_id
        LIMIT 1
        """;

    public const string DeleteFile = "DELETE FROM mosaic_file WHERE service_id = $1 AND file_id = $2";

    public const string BatchExists = "SELECT count(*) FROM mosaic_batch WHERE service_id = $1 AND batch_id = $2";

    public const string ListFiles = """
        SELECT f.file_id, f.file_name, f.purpose, f.bytes, f.created_at
        FROM mosaic_file AS f
        WHERE f.service_id = $1
          AND ($2::varchar IS NULL OR f.purpose = $2)
          AND ($3::varchar IS NULL OR (f.created_at, f.file_id) <
               (SELECT a.created_at, a.file_id FROM mosaic_file AS a WHERE a.service_id = $1 AND a.file_id = $3))
        ORDER BY f.created_at DESC, f.file_id DESC
        LIMIT $4
        """;

    public const string CreateBatch = """
        INSERT INTO mosaic_batch (service_id, batch_id, status, is_open, payload, created_at, version)
        VALUES ($1, $2, $3, $4, $5, $6, 1)
        ON CONFLICT ON CONSTRAINT mosaic_batch_pk DO NOTHING
        """;

    // A batch on an input file: inserted only while that file's row exists, holding the row FOR SHARE until the insert
    // commits, so a deletion waits for it and then sees the batch (or, deleting first, leaves nothing to insert).
    public const string CreateBatchReading = """
        INSERT INTO mosaic_batch (service_id, batch_id, status, is_open, payload, created_at, version, input_file_id)
        SELECT $1, $2, $3, $4, $5, $6, 1, f.file_id
        FROM (SELECT file_id FROM mosaic_file WHERE service_id = $1 AND file_id = $7 FOR SHARE) AS f
        ON CONFLICT ON CONSTRAINT mosaic_batch_pk DO NOTHING
        """;

    public const string ReadBatch = """
        SELECT batch_id, status, is_open, payload, created_at, version, input_file_id FROM mosaic_batch WHERE service_id = $1 AND batch_id = $2
        """;

    // Compare-and-set: only the writer that read the current version succeeds.
    public const string UpdateBatch = """
        UPDATE mosaic_batch SET status = $4, is_open = $5, payload = $6, version = version + 1, updated_at = now()
        WHERE service_id = $1 AND batch_id = $2 AND version = $3
        RETURNING version
        """;

    public const string ListBatches = """
        SELECT b.batch_id, b.status, b.is_open, b.payload, b.created_at, b.version, b.input_file_id
        FROM mosaic_batch AS b
        WHERE b.service_id = $1
          AND ($2::varchar IS NULL OR (b.created_at, b.batch_id) <
               (SELECT a.created_at, a.batch_id FROM mosaic_batch AS a WHERE a.service_id = $1 AND a.batch_id = $2))
        ORDER BY b.created_at DESC, b.batch_id DESC
        LIMIT $3
        """;

    public const string ListOpenBatches = """
        SELECT batch_id, status, is_open, payload, created_at, version, input_file_id
        FROM mosaic_batch
        WHERE service_id = $1 AND is_open
        ORDER BY created_at, batch_id
        """;
}
