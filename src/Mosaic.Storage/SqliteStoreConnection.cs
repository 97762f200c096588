using Microsoft.Data.Sqlite;

namespace Mosaic.Storage;

/// <summary>
/// How the SQLite stores talk to their file: a connection per operation, off the caller's thread, with a busy timeout
/// (several silos of one machine share the file); a missing table becomes one line naming the script that creates it.
/// </summary>
internal static class SqliteStoreConnection
{
    private const string BusyTimeout = "PRAGMA busy_timeout = 30000";

    /// <summary>Runs <paramref name="work"/> on an open connection.</summary>
    /// <param name="store">The store, for the error (e.g. "SQLite job store").</param>
    /// <param name="script">The schema script under infra/sql/sqlite/ and who applies it at start-up.</param>
    public static Task<T> RunAsync<T>(string connectionString, string store, string script, Func<SqliteConnection, T> work, CancellationToken ct) => Task.Run(
        () =>
        {
            using var connection = new SqliteConnection(connectionString);
            try
            {
                connection.Open();
                using (var pragma = connection.CreateCommand())
                {
                    pragma.CommandText = BusyTimeout;
                    pragma.ExecuteNonQuery();
                }

                return work(connection);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 1 && ex.Message.Contains("no such table", StringComparison.Ordinal))
            {
                throw new MosaicStorageException(
                    $"{store}: {ex.Message.Replace("SQLite Error 1: ", string.Empty, StringComparison.Ordinal).TrimEnd('.').Trim('\'')}; apply {script}",
                    ex);
            }
        },
        ct);

    /// <summary>Every row the command returns, read with <paramref name="read"/>.</summary>
    public static List<T> ReadAll<T>(SqliteCommand command, Func<SqliteDataReader, T> read)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
