using Microsoft.Data.Sqlite;
using Mosaic.Storage.Jobs;
using static Mosaic.Storage.SqliteStoreConnection;

namespace Mosaic.Storage.Batches;

/// <summary>
/// <see cref="IBatchStore"/> on the SQLite file of the job store (WAL, busy timeout 30 s; safe for several processes).
/// Every call is one statement in its own implicit transaction, except deleting a file and creating a batch, whose check
/// and write share one write transaction; the synchronous driver runs on the thread pool.
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

    public Task<StoredFileDeletion> DeleteFileAsync(string fileId, CancellationToken ct = default)
    {
        BatchRows.CheckId(fileId, nameof(fileId));
        return RunWriting(ct, statement =>
        {
            if (Convert.ToInt64(statement(SqliteBatchSql.FileExists, fileId).ExecuteScalar()) == 0)
            {
                return new StoredFileDeletion(FileDeletionOutcome.NotFound);
            }

            if (statement(SqliteBatchSql.OpenBatchReading, fileId).ExecuteScalar() is string reader)
            {
                return new StoredFileDeletion(FileDeletionOutcome.InputOfOpenBatch, reader);
            }

            statement(SqliteBatchSql.DeleteFile, fileId).ExecuteNonQuery();
            return new StoredFileDeletion(FileDeletionOutcome.Deleted);
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

    public Task<BatchCreation> TryCreateBatchAsync(StoredBatch batch, CancellationToken ct = default)
    {
        var row = BatchRows.Check(batch);
        return RunWriting(ct, statement =>
        {
            if (Convert.ToInt64(statement(SqliteBatchSql.BatchExists, row.BatchId).ExecuteScalar()) > 0)
            {
                return BatchCreation.IdInUse;
            }

            if (row.InputFileId is { } input && Convert.ToInt64(statement(SqliteBatchSql.FileExists, input).ExecuteScalar()) == 0)
            {
                return BatchCreation.InputFileMissing;
            }

            var insert = statement(SqliteBatchSql.CreateBatch, row.BatchId);
            insert.Parameters.AddWithValue("$status", row.Status);
            insert.Parameters.AddWithValue("$open", row.Open ? 1 : 0);
            insert.Parameters.AddWithValue("$payload", row.Payload);
            insert.Parameters.AddWithValue("$created", JobTime.ToUnixMicroseconds(row.CreatedAt));
            insert.Parameters.AddWithValue("$input", (object?)row.InputFileId ?? DBNull.Value);
            insert.ExecuteNonQuery();
            return BatchCreation.Created;
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
        new(r.GetString(0), r.GetString(1), r.GetInt64(2) != 0, (byte[])r.GetValue(3), JobTime.FromUnixMicroseconds(r.GetInt64(4)), r.GetInt64(5),
            r.IsDBNull(6) ? null : r.GetString(6));

    private Task<T> Run<T>(CancellationToken ct, string sql, Func<SqliteCommand, T> work) => SqliteStoreConnection.RunAsync(
        connectionString,
        "SQLite batch store",
        Script,
        connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$service", serviceId);
            return work(command);
        },
        ct);

    /// <summary>
    /// Several statements in one write transaction (<c>BEGIN IMMEDIATE</c>: writers of the file take turns), so a check
    /// and the write it allows are one step. <c>statement(sql, id)</c> gives a command of the transaction with
    /// <c>$service</c> and <c>$id</c> bound.
    /// </summary>
    private Task<T> RunWriting<T>(CancellationToken ct, Func<Func<string, string, SqliteCommand>, T> work) => SqliteStoreConnection.RunAsync(
        connectionString,
        "SQLite batch store",
        Script,
        connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            var commands = new List<SqliteCommand>();
            try
            {
                var result = work((sql, id) =>
                {
                    var command = connection.CreateCommand();
                    commands.Add(command);
                    command.Transaction = transaction;
                    command.CommandText = sql;
                    command.Parameters.AddWithValue("$service", serviceId);
                    command.Parameters.AddWithValue("$id", id);
                    return command;
                });
                transaction.Commit();
                return result;
            }
            finally
            {
                commands.ForEach(c => c.Dispose());
            }
        },
        ct);

    private static string Script =>
        $"infra/sql/sqlite/05-batches.sql (a silo or gateway with {MosaicStorage.SectionName}:InstallSchema=true does it at start-up).";
}
