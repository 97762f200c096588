namespace Mosaic.Storage.Batches;

/// <summary>
/// The statements of <see cref="SqliteBatchStore"/> over the tables of <c>infra/sql/sqlite/05-batches.sql</c>. Timestamps
/// are microseconds since 1970 UTC, booleans 0/1. Keyset pages compare (created_at, id) with the anchor row's (SQLite
/// row values); an unknown anchor makes the comparison NULL, so the page is empty.
/// </summary>
internal static class SqliteBatchSql
{
    public const string CreateFile = """
        INSERT INTO mosaic_file (service_id, file_id, file_name, purpose, bytes, content, created_at)
        VALUES ($service, $id, $name, $purpose, $bytes, $content, $created)
        ON CONFLICT (service_id, file_id) DO NOTHING
        """;

    public const string ReadFileInfo = """
        SELECT file_id, file_name, purpose, bytes, created_at FROM mosaic_file WHERE service_id = $service AND file_id = $id
        """;

    public const string ReadFileContent = "SELECT content FROM mosaic_file WHERE service_id = $service AND file_id = $id";

    public const string FileExists = "SELECT count(*) FROM mosaic_file WHERE service_id = $service AND file_id = $id";

    public const string OpenBatchReading = """
        SELECT batch_id FROM mosaic_batch
        WHERE service_id = $service AND input_file_id = $id AND is_open = 1
        ORDER BY created_at, batch_id
        LIMIT 1
        """;

    public const string DeleteFile = "DELETE FROM mosaic_file WHERE service_id = $service AND file_id = $id";

    public const string BatchExists = "SELECT count(*) FROM mosaic_batch WHERE service_id = $service AND batch_id = $id";

    public const string ListFiles = """
        SELECT f.file_id, f.file_name, f.purpose, f.bytes, f.created_at
        FROM mosaic_file AS f
        WHERE f.service_id = $service
          AND ($purpose IS NULL OR f.purpose = $purpose)
          AND ($after IS NULL OR (f.created_at, f.file_id) <
               (SELECT a.created_at, a.file_id FROM mosaic_file AS a WHERE a.service_id = $service AND a.file_id = $after))
        ORDER BY f.created_at DESC, f.file_id DESC
        LIMIT $limit
        """;

    public const string CreateBatch = """
        INSERT INTO mosaic_batch (service_id, batch_id, status, is_open, payload, created_at, version, input_file_id)
        VALUES ($service, $id, $status, $open, $payload, $created, 1, $input)
        """;

    public const string ReadBatch = """
        SELECT batch_id, status, is_open, payload, created_at, version, input_file_id FROM mosaic_batch WHERE service_id = $service AND batch_id = $id
        """;

    public const string UpdateBatch = """
        UPDATE mosaic_batch SET status = $status, is_open = $open, payload = $payload, version = version + 1
        WHERE service_id = $service AND batch_id = $id AND version = $version
        RETURNING version
        """;

    public const string ListBatches = """
        SELECT b.batch_id, b.status, b.is_open, b.payload, b.created_at, b.version, b.input_file_id
        FROM mosaic_batch AS b
        WHERE b.service_id = $service
          AND ($after IS NULL OR (b.created_at, b.batch_id) <
               (SELECT a.created_at, a.batch_id FROM mosaic_batch AS a WHERE a.service_id = $service AND a.batch_id = $after))
        ORDER BY b.created_at DESC, b.batch_id DESC
        LIMIT $limit
        """;

    public const string ListOpenBatches = """
        SELECT batch_id, status, is_open, payload, created_at, version, input_file_id
        FROM mosaic_batch
        WHERE service_id = $service AND is_open = 1
        ORDER BY created_at, batch_id
        """;
}
