using System.Data.Common;

namespace Mosaic.Storage;

/// <summary>
/// Columns added to SQLite tables after their first release. SQLite has no <c>ADD COLUMN IF NOT EXISTS</c>, so each is
/// added only when <c>pragma_table_info</c> lacks it; the scripts' <c>CREATE TABLE</c> already has them for new files.
/// </summary>
internal static class SqliteColumnMigrations
{
    private static readonly (string Table, string Column, string Definition)[] Added =
    [
        ("mosaic_job", "unanswered", "INTEGER NOT NULL DEFAULT 0"),
        ("mosaic_job_result", "unanswered", "INTEGER NOT NULL DEFAULT 0"),
        ("mosaic_job", "expires_at", "INTEGER NULL"),
        ("mosaic_batch", "input_file_id", "TEXT NULL"),
    ];

    /// <summary>Indexes over added columns, created once the columns exist.</summary>
    private static readonly string[] Indexes =
    [
        "CREATE INDEX IF NOT EXISTS mosaic_job_expiry_ix ON mosaic_job (service_id, expires_at) WHERE expires_at IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS mosaic_batch_input_ix ON mosaic_batch (service_id, input_file_id) WHERE is_open = 1",
    ];

    /// <remarks>
    /// One write transaction (Microsoft.Data.Sqlite's are <c>BEGIN IMMEDIATE</c>): silos that start together on a file
    /// of an older revision take turns, and the later ones find the columns added instead of failing on a duplicate.
    /// </remarks>
    public static async Task ApplyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (table, column, definition) in Added)
        {
            await using var probe = connection.CreateCommand();
            probe.Transaction = transaction;
            probe.CommandText = $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
            if (Convert.ToInt64(await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)) > 0)
            {
                continue;
            }

            await using var alter = connection.CreateCommand();
            alter.Transaction = transaction;
            alter.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {definition}";
            await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var index in Indexes)
        {
            await using var create = connection.CreateCommand();
            create.Transaction = transaction;
            create.CommandText = index;
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
