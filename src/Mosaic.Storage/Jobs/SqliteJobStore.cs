using Microsoft.Data.Sqlite;
using static Mosaic.Storage.SqliteStoreConnection;

namespace Mosaic.Storage.Jobs;

/// <summary>
/// <see cref="IJobStore"/> on a SQLite file (tables from <c>infra/sql/sqlite/03-jobs.sql</c>, statements in
/// <see cref="SqliteJobSql"/>). Safe for several processes on one file: the file is in WAL mode (readers never block the
/// writer), every write is one <c>BEGIN IMMEDIATE</c> transaction (the write lock is taken up front, so two writers never
/// deadlock upgrading a read lock) and a busy connection waits up to 30 s for the lock. Microsoft.Data.Sqlite is
/// synchronous, so the work runs on the thread pool rather than on the caller's (grain) thread.
/// </summary>
internal sealed class SqliteJobStore : IJobStore
{
    private readonly string connectionString;
    private readonly string serviceId;

    public SqliteJobStore(string connectionString, string serviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        this.connectionString = connectionString;
        this.serviceId = serviceId;
    }

    public Task<bool> TryCreateJobAsync(string jobId, ReadOnlyMemory<byte> spec, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        var bytes = spec.ToArray();
        return Run(ct, connection =>
        {
            using var command = Command(connection, null, SqliteJobSql.CreateJob, jobId);
            command.Parameters.AddWithValue("$spec", bytes);
            return command.ExecuteNonQuery() == 1;
        });
    }

    public Task<byte[]?> ReadSpecAsync(string jobId, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        return Run(ct, connection =>
        {
            using var command = Command(connection, null, SqliteJobSql.ReadSpec, jobId);
            using var reader = command.ExecuteReader();
            return reader.Read() ? (byte[])reader.GetValue(0) : null;
        });
    }

    public Task DeleteJobAsync(string jobId, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        return Run(ct, connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = Command(connection, transaction, SqliteJobSql.DeleteJob, jobId);
            command.ExecuteNonQuery();
            transaction.Commit();
            return true;
        });
    }

    public Task SetRunningAsync(string jobId, bool running, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        return Run(ct, connection =>
        {
            using var command = Command(connection, null, SqliteJobSql.SetRunning, jobId);
            command.Parameters.AddWithValue("$running", running ? 1 : 0);
            return command.ExecuteNonQuery();
        });
    }

    public Task<IReadOnlyList<string>> ListRunningJobsAsync(CancellationToken ct = default) =>
        Run<IReadOnlyList<string>>(ct, connection =>
        {
            using var command = Command(connection, null, SqliteJobSql.ListRunning, jobId: null);
            return ReadAll(command, static reader => reader.GetString(0));
        });

    public Task SetExpiryAsync(string jobId, DateTimeOffset expiresAt, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        return Run(ct, connection =>
        {
            using var command = Command(connection, null, SqliteJobSql.SetExpiry, jobId);
            command.Parameters.AddWithValue("$expires", JobTime.ToUnixMicroseconds(expiresAt));
            return command.ExecuteNonQuery();
        });
    }

    public Task<IReadOnlyList<string>> ListExpiredJobsAsync(DateTimeOffset now, int maxCount, CancellationToken ct = default) =>
        Run<IReadOnlyList<string>>(ct, connection =>
        {
            using var command = Command(connection, null, SqliteJobSql.ListExpired, jobId: null);
            command.Parameters.AddWithValue("$now", JobTime.ToUnixMicroseconds(now));
            command.Parameters.AddWithValue("$limit", maxCount);
            return ReadAll(command, static reader => reader.GetString(0));
        });

    public Task SaveOutputsAsync(string jobId, IReadOnlyList<StoredOutput> outputs, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        var rows = JobRows.CoalesceOutputs(outputs);
        if (rows.Length == 0)
        {
            return Task.CompletedTask;
        }

        return Run(ct, connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            EnsureJobExists(connection, transaction, jobId);
            using var command = Command(connection, transaction, SqliteJobSql.SaveOutput, jobId);
            var question = command.Parameters.Add("$question", SqliteType.Text);
            var slot = command.Parameters.Add("$slot", SqliteType.Integer);
            var payload = command.Parameters.Add("$payload", SqliteType.Blob);
            var count = command.Parameters.Add("$count", SqliteType.Integer);
            foreach (var row in rows)
            {
                question.Value = row.QuestionId;
                slot.Value = row.Slot;
                payload.Value = row.Payload;
                count.Value = row.Count;
                command.ExecuteNonQuery();
            }

            transaction.Commit();
            return true;
        });
    }

    public Task<IReadOnlyList<StoredOutput>> ReadOutputsAsync(string jobId, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        return Run<IReadOnlyList<StoredOutput>>(ct, connection =>
        {
            using var command = Command(connection, null, SqliteJobSql.ReadOutputs, jobId);
            return ReadAll(command, static reader => new StoredOutput(
                reader.GetString(0),
                reader.GetInt32(1),
                (byte[])reader.GetValue(2),
                reader.GetInt32(3)));
        });
    }

    public Task<long> CountRepeatedCompletionsAsync(string jobId, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        return Run(ct, connection =>
        {
            using var command = Command(connection, null, SqliteJobSql.CountRepeatedCompletions, jobId);
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        });
    }

    public Task SaveResultsAsync(string jobId, IReadOnlyList<StoredResult> results, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        var rows = JobRows.DistinctResults(results);
        if (rows.Length == 0)
        {
            return Task.CompletedTask;
        }

        return Run(ct, connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            EnsureJobExists(connection, transaction, jobId);
            var added = InsertResults(connection, transaction, jobId, rows);
            if (added.Answered > 0)
            {
                AddTotals(connection, transaction, jobId, added);
            }

            transaction.Commit();
            return true;
        });
    }

    public Task<IReadOnlyList<StoredResult>> ReadResultsAsync(string jobId, int fromIndex, int maxCount, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        JobRows.CheckPage(fromIndex, maxCount);
        return Run<IReadOnlyList<StoredResult>>(ct, connection =>
        {
            using var command = Command(connection, null, SqliteJobSql.ReadResults, jobId);
            command.Parameters.AddWithValue("$from", fromIndex);
            command.Parameters.AddWithValue("$limit", maxCount);
            return ReadAll(command, static reader => new StoredResult(
                reader.GetInt32(0),
                reader.GetString(1),
                (byte[])reader.GetValue(2),
                new ResultSummary(
                    reader.IsDBNull(3) ? null : reader.GetInt64(3) != 0,
                    reader.GetInt64(4) != 0,
                    reader.GetInt32(5),
                    reader.GetInt32(6),
                    JobTime.FromUnixMicroseconds(reader.GetInt64(7)),
                    JobTime.FromUnixMicroseconds(reader.GetInt64(8)),
                    reader.GetInt64(9) != 0,
                    reader.GetInt64(10) != 0)));
        });
    }

    public Task<IReadOnlyList<int>> ReadAnsweredIndexesAsync(string jobId, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        return Run<IReadOnlyList<int>>(ct, connection =>
        {
            using var command = Command(connection, null, SqliteJobSql.ReadAnsweredIndexes, jobId);
            return ReadAll(command, static reader => reader.GetInt32(0));
        });
    }

    public Task<ResultTotals> ReadTotalsAsync(string jobId, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        return Run(ct, connection =>
        {
            using var command = Command(connection, null, SqliteJobSql.ReadTotals, jobId);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return ResultTotals.Empty;
            }

            return new ResultTotals(
                reader.GetInt32(0),
                reader.GetInt32(1),
                reader.GetInt32(2),
                reader.GetInt32(3),
                reader.GetInt32(4),
                reader.GetInt32(5),
                reader.GetInt32(6),
                reader.IsDBNull(7) ? null : JobTime.FromUnixMicroseconds(reader.GetInt64(7)),
                reader.IsDBNull(8) ? null : JobTime.FromUnixMicroseconds(reader.GetInt64(8)),
                reader.GetInt32(9));
        });
    }

    /// <summary>Inserts the rows whose question index is new; returns the totals of exactly those rows.</summary>
    private ResultTotals InsertResults(SqliteConnection connection, SqliteTransaction transaction, string jobId, StoredResult[] rows)
    {
        using var command = Command(connection, transaction, SqliteJobSql.SaveResult, jobId);
        var index = command.Parameters.Add("$index", SqliteType.Integer);
        var question = command.Parameters.Add("$question", SqliteType.Text);
        var payload = command.Parameters.Add("$payload", SqliteType.Blob);
        var correct = command.Parameters.Add("$correct", SqliteType.Integer);
        var aggregator = command.Parameters.Add("$aggregator", SqliteType.Integer);
        var cancelled = command.Parameters.Add("$cancelled", SqliteType.Integer);
        var failed = command.Parameters.Add("$failed", SqliteType.Integer);
        var expertsDone = command.Parameters.Add("$expertsDone", SqliteType.Integer);
        var completed = command.Parameters.Add("$completed", SqliteType.Integer);
        var trimmed = command.Parameters.Add("$trimmed", SqliteType.Integer);
        var unanswered = command.Parameters.Add("$unanswered", SqliteType.Integer);
        var added = ResultTotals.Empty;
        foreach (var row in rows)
        {
            var summary = row.Summary;
            index.Value = row.QuestionIndex;
            question.Value = row.QuestionId;
            payload.Value = row.Payload;
            correct.Value = summary.Correct is { } isCorrect ? (isCorrect ? 1 : 0) : DBNull.Value;
            aggregator.Value = summary.AggregatorCalled ? 1 : 0;
            cancelled.Value = summary.CancelledCalls;
            failed.Value = summary.FailedCalls;
            expertsDone.Value = JobTime.ToUnixMicroseconds(summary.ExpertsDoneAt);
            completed.Value = JobTime.ToUnixMicroseconds(summary.CompletedAt);
            trimmed.Value = summary.PromptTrimmed ? 1 : 0;
            unanswered.Value = summary.Unanswered ? 1 : 0;
            if (command.ExecuteNonQuery() == 1)
            {
                added = added.Add(summary);
            }
        }

        return added;
    }

    private void AddTotals(SqliteConnection connection, SqliteTransaction transaction, string jobId, ResultTotals added)
    {
        using var command = Command(connection, transaction, SqliteJobSql.AddTotals, jobId);
        command.Parameters.AddWithValue("$answered", added.Answered);
        command.Parameters.AddWithValue("$correct", added.Correct);
        command.Parameters.AddWithValue("$withGold", added.WithGold);
        command.Parameters.AddWithValue("$aggregator", added.AggregatorCalls);
        command.Parameters.AddWithValue("$cancelled", added.CancelledCalls);
        command.Parameters.AddWithValue("$failed", added.FailedCalls);
        command.Parameters.AddWithValue("$trimmed", added.TrimmedPrompts);
        command.Parameters.AddWithValue("$unanswered", added.Unanswered);
        command.Parameters.AddWithValue("$expertsDone", JobTime.ToUnixMicroseconds(added.LastExpertsDoneAt!.Value));
        command.Parameters.AddWithValue("$completed", JobTime.ToUnixMicroseconds(added.LastCompletedAt!.Value));
        command.ExecuteNonQuery();
    }

    private void EnsureJobExists(SqliteConnection connection, SqliteTransaction transaction, string jobId)
    {
        using var command = Command(connection, transaction, SqliteJobSql.JobExists, jobId);
        if (command.ExecuteScalar() is null)
        {
            throw JobRows.JobNotFound(jobId);
        }
    }

    private SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, string? jobId)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$service", serviceId);
        if (jobId is not null)
        {
            command.Parameters.AddWithValue("$job", jobId);
        }

        return command;
    }

    private Task<T> Run<T>(CancellationToken ct, Func<SqliteConnection, T> work) => SqliteStoreConnection.RunAsync(
        connectionString,
        "SQLite job store",
        $"infra/sql/sqlite/03-jobs.sql (a silo with {MosaicStorage.SectionName}:InstallSchema=true does it at start-up).",
        work,
        ct);
}
