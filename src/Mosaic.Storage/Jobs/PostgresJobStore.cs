using Npgsql;
using NpgsqlTypes;

namespace Mosaic.Storage.Jobs;

/// <summary>
/// <see cref="IJobStore"/> on PostgreSQL (tables from <c>infra/sql/postgresql/04-jobs.sql</c>, statements in
/// <see cref="PostgresJobSql"/>). Every call is one statement, one round trip, in its own implicit transaction; batches
/// are sent as arrays. Rows are scoped by the Orleans service id.
/// </summary>
internal sealed class PostgresJobStore : IJobStore, IAsyncDisposable, IDisposable
{
    private const int MaxAttempts = 3;

    private readonly NpgsqlDataSource dataSource;
    private readonly string serviceId;

    public PostgresJobStore(string connectionString, string serviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            // The same dozen statements run all the time: let Npgsql prepare them on each pooled connection.
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        }

        dataSource = builder.Build();
        this.serviceId = serviceId;
    }

    public async Task<bool> TryCreateJobAsync(string jobId, ReadOnlyMemory<byte> spec, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        var rows = await ExecuteAsync(PostgresJobSql.CreateJob, jobId, ct, new NpgsqlParameter<ReadOnlyMemory<byte>>
        {
            TypedValue = spec,
            NpgsqlDbType = NpgsqlDbType.Bytea,
        }).ConfigureAwait(false);
        return rows == 1;
    }

    public async Task<byte[]?> ReadSpecAsync(string jobId, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        return await ReadAsync(PostgresJobSql.ReadSpec, jobId, ct, static reader => reader.GetFieldValue<byte[]>(0)).ConfigureAwait(false) is [var spec]
            ? spec
            : null;
    }

    public Task DeleteJobAsync(string jobId, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        return ExecuteAsync(PostgresJobSql.DeleteJob, jobId, ct);
    }

    public Task SetRunningAsync(string jobId, bool running, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        return ExecuteAsync(PostgresJobSql.SetRunning, jobId, ct, new NpgsqlParameter<bool> { TypedValue = running });
    }

    public async Task<IReadOnlyList<string>> ListRunningJobsAsync(CancellationToken ct = default) =>
        await ReadAsync(PostgresJobSql.ListRunning, jobId: null, ct, static reader => reader.GetString(0)).ConfigureAwait(false);

    public Task SetExpiryAsync(string jobId, DateTimeOffset expiresAt, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        return ExecuteAsync(PostgresJobSql.SetExpiry, jobId, ct, new NpgsqlParameter<DateTimeOffset> { TypedValue = JobTime.Normalize(expiresAt) });
    }

    public async Task<IReadOnlyList<string>> ListExpiredJobsAsync(DateTimeOffset now, int maxCount, CancellationToken ct = default) =>
        await ReadAsync(
            PostgresJobSql.ListExpired, jobId: null, ct, static reader => reader.GetString(0),
            new NpgsqlParameter<DateTimeOffset> { TypedValue = JobTime.Normalize(now) }, new NpgsqlParameter<int> { TypedValue = maxCount }).ConfigureAwait(false);

    public Task SaveOutputsAsync(string jobId, IReadOnlyList<StoredOutput> outputs, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        var rows = JobRows.CoalesceOutputs(outputs);
        if (rows.Length == 0)
        {
            return Task.CompletedTask;
        }

        return ExecuteAsync(
            PostgresJobSql.SaveOutputs,
            jobId,
            ct,
            Array(rows.Select(r => r.QuestionId), NpgsqlDbType.Varchar),
            Array(rows.Select(r => r.Slot), NpgsqlDbType.Integer),
            Array(rows.Select(r => r.Payload), NpgsqlDbType.Bytea),
            Array(rows.Select(r => r.Count), NpgsqlDbType.Integer));
    }

    public async Task<IReadOnlyList<StoredOutput>> ReadOutputsAsync(string jobId, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        return await ReadAsync(PostgresJobSql.ReadOutputs, jobId, ct, static reader => new StoredOutput(
            reader.GetString(0),
            reader.GetInt32(1),
            reader.GetFieldValue<byte[]>(2),
            reader.GetInt32(3))).ConfigureAwait(false);
    }

    public async Task<long> CountRepeatedCompletionsAsync(string jobId, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        var sums = await ReadAsync(PostgresJobSql.CountRepeatedCompletions, jobId, ct, static reader => reader.GetInt64(0)).ConfigureAwait(false);
        return sums[0];
    }

    public Task SaveResultsAsync(string jobId, IReadOnlyList<StoredResult> results, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        var rows = JobRows.DistinctResults(results);
        if (rows.Length == 0)
        {
            return Task.CompletedTask;
        }

        return ExecuteAsync(
            PostgresJobSql.SaveResults,
            jobId,
            ct,
            Array(rows.Select(r => r.QuestionIndex), NpgsqlDbType.Integer),
            Array(rows.Select(r => r.QuestionId), NpgsqlDbType.Varchar),
            Array(rows.Select(r => r.Payload), NpgsqlDbType.Bytea),
            Array(rows.Select(r => r.Summary.Correct), NpgsqlDbType.Boolean),
            Array(rows.Select(r => r.Summary.AggregatorCalled), NpgsqlDbType.Boolean),
            Array(rows.Select(r => r.Summary.CancelledCalls), NpgsqlDbType.Integer),
            Array(rows.Select(r => r.Summary.FailedCalls), NpgsqlDbType.Integer),
            Array(rows.Select(r => r.Summary.ExpertsDoneAt), NpgsqlDbType.TimestampTz),
            Array(rows.Select(r => r.Summary.CompletedAt), NpgsqlDbType.TimestampTz),
            Array(rows.Select(r => r.Summary.PromptTrimmed), NpgsqlDbType.Boolean),
            Array(rows.Select(r => r.Summary.Unanswered), NpgsqlDbType.Boolean));
    }

    public async Task<IReadOnlyList<StoredResult>> ReadResultsAsync(string jobId, int fromIndex, int maxCount, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        JobRows.CheckPage(fromIndex, maxCount);
        if (maxCount == 0)
        {
            return [];
        }

        return await ReadAsync(
            PostgresJobSql.ReadResults,
            jobId,
            ct,
            static reader => new StoredResult(
                reader.GetInt32(0),
                reader.GetString(1),
                reader.GetFieldValue<byte[]>(2),
                new ResultSummary(
                    reader.IsDBNull(3) ? null : reader.GetBoolean(3),
                    reader.GetBoolean(4),
                    reader.GetInt32(5),
                    reader.GetInt32(6),
                    reader.GetFieldValue<DateTimeOffset>(7),
                    reader.GetFieldValue<DateTimeOffset>(8),
                    reader.GetBoolean(9),
                    reader.GetBoolean(10))),
            new NpgsqlParameter<int> { TypedValue = fromIndex },
            new NpgsqlParameter<int> { TypedValue = maxCount }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<int>> ReadAnsweredIndexesAsync(string jobId, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        var arrays = await ReadAsync(
            PostgresJobSql.ReadAnsweredIndexes,
            jobId,
            ct,
            static reader => reader.IsDBNull(0) ? [] : reader.GetFieldValue<int[]>(0)).ConfigureAwait(false);
        return arrays[0];
    }

    public async Task<ResultTotals> ReadTotalsAsync(string jobId, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        var totals = await ReadAsync(PostgresJobSql.ReadTotals, jobId, ct, static reader => new ResultTotals(
            reader.GetInt32(0),
            reader.GetInt32(1),
            reader.GetInt32(2),
            reader.GetInt32(3),
            reader.GetInt32(4),
            reader.GetInt32(5),
            reader.GetInt32(6),
            reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
            reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
            reader.GetInt32(9))).ConfigureAwait(false);
        return totals is [var found] ? found : ResultTotals.Empty;
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public void Dispose() => dataSource.Dispose();

    private static NpgsqlParameter<T[]> Array<T>(IEnumerable<T> values, NpgsqlDbType elementType) => new()
    {
        TypedValue = values.ToArray(),
        NpgsqlDbType = NpgsqlDbType.Array | elementType,
    };

    private async Task<int> ExecuteAsync(string sql, string jobId, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var command = CreateCommand(sql, jobId, parameters);
            try
            {
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ForeignKeyViolation)
            {
                throw JobRows.JobNotFound(jobId);
            }
            catch (PostgresException ex) when (PostgresTransientErrors.Is(ex) && attempt < MaxAttempts)
            {
                // A deadlock or serialization failure rolled the whole statement back: running it again is safe.
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                throw MissingSchema(ex);
            }
        }
    }

    private async Task<List<T>> ReadAsync<T>(string sql, string? jobId, CancellationToken ct, Func<NpgsqlDataReader, T> read, params NpgsqlParameter[] parameters)
    {
        await using var command = CreateCommand(sql, jobId, parameters);
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
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            throw MissingSchema(ex);
        }
    }

    private NpgsqlCommand CreateCommand(string sql, string? jobId, NpgsqlParameter[] parameters)
    {
        var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        if (jobId is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = jobId });
        }

        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }

        return command;
    }

    private static MosaicStorageException MissingSchema(PostgresException ex) => new(
        $"PostgreSQL job store: {ex.MessageText}; apply infra/sql/postgresql/04-jobs.sql "
        + $"(a silo with {MosaicStorage.SectionName}:InstallSchema=true does it at start-up).",
        ex);
}
