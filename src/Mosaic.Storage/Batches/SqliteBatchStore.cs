using Microsoft.Data.Sqlite;
using Mosaic.Storage.Jobs;
using static Mosaic.Storage.SqliteStoreConnection;

namespace Mosaic.Storage.Batches;

/// <summary>
/// <see cref="IBatchStore"/> on the SQLite file of the job store (WAL, busy timeout 30 s; safe for several processes).
/// Every call is one statement in its own implicit transaction; the synchronous driver runs on the thread pool.
/// </summary>
internal sealed class SqliteBatchStore(string connectionString, string serviceId) : IBatchStore
{
    public Task<bool> TryCreateFileAsync(StoredFile file, CancellationToken ct = default)
    {
        var row = BatchRows.Check(file);
        return Run(ct, SqliteBatchSql.CreateFile, command =>
        {
            command.Parameters.AddWithValue("$id", row.FileId);
            command.Parameters.AddWithValue("$name", row.FileName);
            command.Parameters.AddWithValue("$purpose", row.Purpose);
            command.Parameters.AddWithValue("$bytes", row.Content.LongLength);
            command.Parameters.AddWithValue("$content", row.Content);
            command.Parameters.AddWithValue("$created", JobTime.ToUnixMicroseconds(row.CreatedAt));
            return command.ExecuteNonQuery() == 1;
        });
    }

    public Task<StoredFileInfo?> ReadFileInfoAsync(string fileId, CancellationToken ct = default)
    {
        BatchRows.CheckId(fileId, nameof(fileId));
        return Run(ct, SqliteBatchSql.ReadFileInfo, command =>
        {
            command.Parameters.AddWithValue("$id", fileId);
            return ReadAll(command, ReadInfo).FirstOrDefault();
        });
    }

    public Task<byte[]?> ReadFileContentAsync(string fileId, CancellationToken ct = default)
    {
        BatchRows.CheckId(fileId, nameof(fileId));
        return Run(ct, SqliteBatchSql.ReadFileContent, command =>
        {
            command.Parameters.AddWithValue("$id", fileId);
            return ReadAll(command, static r => (byte[])r.GetValue(0)).FirstOrDefault();
        });
    }

    public Task<bool> DeleteFileAsync(string fileId, CancellationToken ct = default)
    {
        BatchRows.CheckId(fileId, nameof(fileId));
        return Run(ct, SqliteBatchSql.DeleteFile, command =>
        {
            command.Parameters.AddWithValue("$id", fileId);
            return command.ExecuteNonQuery() == 1;
        });
    }

    public Task<IReadOnlyList<StoredFileInfo>> ListFilesAsync(string? purpose, string? after, int limit, CancellationToken ct = default)
    {
        BatchRows.CheckPurpose(purpose);
        BatchRows.CheckPage(after, limit);
        return Run<IReadOnlyList<StoredFileInfo>>(ct, SqliteBatchSql.ListFiles, command =>
        {
            command.Parameters.AddWithValue("$purpose", (object?)purpose ?? DBNull.Value);
            command.Parameters.AddWithValue("$after", (object?)after ?? DBNull.Value);
            command.Parameters.AddWithValue("$limit", limit);
            return ReadAll(command, ReadInfo);
        });
    }

    public Task<bool> TryCreateBatchAsync(StoredBatch batch, CancellationToken ct = default)
    {
        var row = BatchRows.Check(batch);
        return Run(ct, SqliteBatchSql.CreateBatch, command =>
        {
            command.Parameters.AddWithValue("$id", row.BatchId);
            command.Parameters.AddWithValue("$status", row.Status);
            command.Parameters.AddWithValue("$open", row.Open ? 1 : 0);
            command.Parameters.AddWithValue("$payload", row.Payload);
            command.Parameters.AddWithValue("$created", JobTime.ToUnixMicroseconds(row.CreatedAt));
            return command.ExecuteNonQuery() == 1;
        });
    }

    public Task<StoredBatch?> ReadBatchAsync(string batchId, CancellationToken ct = default)
    {
        BatchRows.CheckId(batchId, nameof(batchId));
        return Run(ct, SqliteBatchSql.ReadBatch, command =>
        {
            command.Parameters.AddWithValue("$id", batchId);
            return ReadAll(command, ReadBatch).FirstOrDefault();
        });
    }

    public Task<long?> TryUpdateBatchAsync(string batchId, long expectedVersion, string status, bool open, byte[] payload, CancellationToken ct = default)
    {
        BatchRows.CheckUpdate(batchId, status, payload);
        return Run(ct, SqliteBatchSql.UpdateBatch, command =>
        {
            command.Parameters.AddWithValue("$id", batchId);
            command.Parameters.AddWithValue("$version", expectedVersion);
            command.Parameters.AddWithValue("$status", status);
            command.Parameters.AddWithValue("$open", open ? 1 : 0);
            command.Parameters.AddWithValue("$payload", payload);
            return ReadAll(command, static r => r.GetInt64(0)) is [var version] ? version : (long?)null;
        });
    }

    public Task<IReadOnlyList<StoredBatch>> ListBatchesAsync(string? after, int limit, CancellationToken ct = default)
    {
        BatchRows.CheckPage(after, limit);
        return Run<IReadOnlyList<StoredBatch>>(ct, SqliteBatchSql.ListBatches, command =>
        {
            command.Parameters.AddWithValue("$after", (object?)after ?? DBNull.Value);
            command.Parameters.AddWithValue("$limit", limit);
            return ReadAll(command, ReadBatch);
        });
    }

    public Task<IReadOnlyList<StoredBatch>> ListOpenBatchesAsync(CancellationToken ct = default) =>
        Run<IReadOnlyList<StoredBatch>>(ct, SqliteBatchSql.ListOpenBatches, command => ReadAll(command, ReadBatch));

    private static StoredFileInfo ReadInfo(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), JobTime.FromUnixMicroseconds(r.GetInt64(4)));

    private static StoredBatch ReadBatch(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetInt64(2) != 0, (byte[])r.GetValue(3), JobTime.FromUnixMicroseconds(r.GetInt64(4)), r.GetInt64(5));

    private Task<T> Run<T>(CancellationToken ct, string sql, Func<SqliteCommand, T> work) => SqliteStoreConnection.RunAsync(
        connectionString,
        "SQLite batch store",
        $"infra/sql/sqlite/05-batches.sql (a silo or gateway with {MosaicStorage.SectionName}:InstallSchema=true does it at start-up).",
        connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$service", serviceId);
            return work(command);
        },
        ct);
}
