using Npgsql;
using NpgsqlTypes;

namespace Mosaic.Storage.Batches;

/// <summary>
/// <see cref="IBatchStore"/> on PostgreSQL: one statement, one round trip per call (deleting a file: three statements in
/// one transaction, see <see cref="PostgresBatchSql.LockFile"/>); rows scoped by the service id.
/// </summary>
internal sealed class PostgresBatchStore : IBatchStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private readonly string serviceId;

    public PostgresBatchStore(string connectionString, string serviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        dataSource = NpgsqlDataSource.Create(connectionString);
        this.serviceId = serviceId;
    }

    public async Task<bool> TryCreateFileAsync(StoredFile file, CancellationToken ct = default)
    {
        var row = BatchRows.Check(file);
        return await ExecuteAsync(PostgresBatchSql.CreateFile, ct,
            Text(row.FileId), Text(row.FileName), Text(row.Purpose), new NpgsqlParameter<long> { TypedValue = row.Content.LongLength },
            new NpgsqlParameter<byte[]> { TypedValue = row.Content, NpgsqlDbType = NpgsqlDbType.Bytea }, Time(row.CreatedAt)).ConfigureAwait(false) == 1;
    }

    public async Task<StoredFileInfo?> ReadFileInfoAsync(string fileId, CancellationToken ct = default)
    {
        BatchRows.CheckId(fileId, nameof(fileId));
        return (await ReadAsync(PostgresBatchSql.ReadFileInfo, ct, ReadInfo, Text(fileId)).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<byte[]?> ReadFileContentAsync(string fileId, CancellationToken ct = default)
    {
        BatchRows.CheckId(fileId, nameof(fileId));
        return (await ReadAsync(PostgresBatchSql.ReadFileContent, ct, static r => r.GetFieldValue<byte[]>(0), Text(fileId)).ConfigureAwait(false))
            .FirstOrDefault();
    }

    public async Task<StoredFileDeletion> DeleteFileAsync(string fileId, CancellationToken ct = default)
    {
        BatchRows.CheckId(fileId, nameof(fileId));
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            NpgsqlCommand Statement(string sql)
            {
                var command = new NpgsqlCommand(sql, connection, transaction);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
                command.Parameters.Add(Text(fileId));
                return command;
            }

            await using (var lockFile = Statement(PostgresBatchSql.LockFile))
            {
                if (await lockFile.ExecuteScalarAsync(ct).ConfigureAwait(false) is null)
                {
                    return new StoredFileDeletion(FileDeletionOutcome.NotFound);
                }
            }

            await using (var reading = Statement(PostgresBatchSql.OpenBatchReading))
            {
                if (await reading.ExecuteScalarAsync(ct).ConfigureAwait(false) is string reader)
                {
                    return new StoredFileDeletion(FileDeletionOutcome.InputOfOpenBatch, reader);
                }
            }

            await using (var delete = Statement(PostgresBatchSql.DeleteFile))
            {
                await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return new StoredFileDeletion(FileDeletionOutcome.Deleted);
        }
        catch (PostgresException ex) when (IsMissingSchema(ex))
        {
            throw MissingSchema(ex);
        }
    }

    public async Task<IReadOnlyList<StoredFileInfo>> ListFilesAsync(string? purpose, string? after, int limit, CancellationToken ct = default)
    {
        BatchRows.CheckPurpose(purpose);
        BatchRows.CheckPage(after, limit);
        return await ReadAsync(PostgresBatchSql.ListFiles, ct, ReadInfo, Text(purpose), Text(after), new NpgsqlParameter<int> { TypedValue = limit })
            .ConfigureAwait(false);
    }

    public async Task<BatchCreation> TryCreateBatchAsync(StoredBatch batch, CancellationToken ct = default)
    {
        var row = BatchRows.Check(batch);
        NpgsqlParameter[] values =
        [
            Text(row.BatchId), Text(row.Status), new NpgsqlParameter<bool> { TypedValue = row.Open },
            new NpgsqlParameter<byte[]> { TypedValue = row.Payload, NpgsqlDbType = NpgsqlDbType.Bytea }, Time(row.CreatedAt),
        ];
        var inserted = row.InputFileId is { } input
            ? await ExecuteAsync(PostgresBatchSql.CreateBatchReading, ct, [.. values, Text(input)]).ConfigureAwait(false)
            : await ExecuteAsync(PostgresBatchSql.CreateBatch, ct, values).ConfigureAwait(false);
        if (inserted == 1)
        {
            return BatchCreation.Created;
        }

        var existing = await ReadAsync(PostgresBatchSql.BatchExists, ct, static r => r.GetInt64(0), Text(row.BatchId)).ConfigureAwait(false);
        return existing is [> 0] ? BatchCreation.IdInUse : BatchCreation.InputFileMissing;
    }

    public async Task<StoredBatch?> ReadBatchAsync(string batchId, CancellationToken ct = default)
    {
        BatchRows.CheckId(batchId, nameof(batchId));
        return (await ReadAsync(PostgresBatchSql.ReadBatch, ct, ReadBatch, Text(batchId)).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<long?> TryUpdateBatchAsync(string batchId, long expectedVersion, string status, bool open, byte[] payload, CancellationToken ct = default)
    {
        BatchRows.CheckUpdate(batchId, status, payload);
        var versions = await ReadAsync(PostgresBatchSql.UpdateBatch, ct, static r => r.GetInt64(0),
            Text(batchId), new NpgsqlParameter<long> { TypedValue = expectedVersion }, Text(status), new NpgsqlParameter<bool> { TypedValue = open },
            new NpgsqlParameter<byte[]> { TypedValue = payload, NpgsqlDbType = NpgsqlDbType.Bytea }).ConfigureAwait(false);
        return versions is [var version] ? version : null;
    }

    public async Task<IReadOnlyList<StoredBatch>> ListBatchesAsync(string? after, int limit, CancellationToken ct = default)
    {
        BatchRows.CheckPage(after, limit);
        return await ReadAsync(PostgresBatchSql.ListBatches, ct, ReadBatch, Text(after), new NpgsqlParameter<int> { TypedValue = limit }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredBatch>> ListOpenBatchesAsync(CancellationToken ct = default) =>
        await ReadAsync(PostgresBatchSql.ListOpenBatches, ct, ReadBatch).ConfigureAwait(false);

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public void Dispose() => dataSource.Dispose();

    private static StoredFileInfo ReadInfo(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetFieldValue<DateTimeOffset>(4));

    private static StoredBatch ReadBatch(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetBoolean(2), r.GetFieldValue<byte[]>(3), r.GetFieldValue<DateTimeOffset>(4), r.GetInt64(5),
            r.IsDBNull(6) ? null : r.GetString(6));

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar };

    private static NpgsqlParameter<DateTimeOffset> Time(DateTimeOffset value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    private async Task<int> ExecuteAsync(string sql, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var command = Command(sql, parameters);
        try
        {
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (IsMissingSchema(ex))
        {
            throw MissingSchema(ex);
        }
    }

    private async Task<List<T>> ReadAsync<T>(string sql, CancellationToken ct, Func<NpgsqlDataReader, T> read, params NpgsqlParameter[] parameters)
    {
        await using var command = Command(sql, parameters);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var rows = new List<T>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                rows.Add(read(reader));
            }

            return rows;
        }
        catch (PostgresException ex) when (IsMissingSchema(ex))
        {
            throw MissingSchema(ex);
        }
    }

    private NpgsqlCommand Command(string sql, NpgsqlParameter[] parameters)
    {
        var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.AddRange(parameters);
        return command;
    }

    /// <summary>No table, or a table of an older revision of the script (no input_file_id column).</summary>
    private static bool IsMissingSchema(PostgresException ex) => ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn;

    private static MosaicStorageException MissingSchema(PostgresException ex) => new(
        $"PostgreSQL batch store: {ex.MessageText}; apply infra/sql/postgresql/05-batches.sql "
        + $"(a silo or gateway with {MosaicStorage.SectionName}:InstallSchema=true does it at start-up).",
        ex);
}
