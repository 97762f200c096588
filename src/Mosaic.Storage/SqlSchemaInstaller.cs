using System.Data;
using System.Data.Common;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Mosaic.Storage;

/// <summary>
/// Applies Mosaic's own SQL scripts (embedded copies of <c>infra/sql/&lt;database&gt;/*.sql</c>) to a database:
/// the <c>OrleansQuery</c> catalogue, grain state and, for PostgreSQL, cluster membership. Every script is
/// idempotent, so applying them again is harmless and refreshes the query texts.
/// </summary>
public static class SqlSchemaInstaller
{
    private const string ResourcePrefix = "Mosaic.Storage.Sql.";

    // Any constant works; it only has to be the same for every installer so concurrent silos take turns.
    private const long PostgresAdvisoryLockKey = 0x4d6f7361_69635351; // "MosaicSQ"

    private const int PostgresInstallAttempts = 5;

    /// <summary>The embedded script names for a database, in the order they are applied.</summary>
    /// <exception cref="ArgumentException"><paramref name="provider"/> has no SQL scripts (memory).</exception>
    public static IReadOnlyList<string> GetScriptNames(MosaicStorageProvider provider)
    {
        var prefix = ResourcePrefix + Folder(provider) + ".";
        return typeof(SqlSchemaInstaller).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(name => name[prefix.Length..])
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The text of one embedded script, e.g. <c>GetScript(MosaicStorageProvider.Postgres, "01-main.sql")</c>.</summary>
    public static string GetScript(MosaicStorageProvider provider, string scriptName)
    {
        ArgumentNullException.ThrowIfNull(scriptName);
        var resource = ResourcePrefix + Folder(provider) + "." + scriptName;
        using var stream = typeof(SqlSchemaInstaller).Assembly.GetManifestResourceStream(resource)
            ?? throw new ArgumentException($"No embedded SQL script '{scriptName}' for {provider}.", nameof(scriptName));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Applies every script of <paramref name="provider"/> to an open or closed <paramref name="connection"/>
    /// (Npgsql for PostgreSQL, Microsoft.Data.Sqlite for SQLite). PostgreSQL scripts run in one transaction under an
    /// advisory lock, so silos starting together do not race; SQLite scripts run one after the other.
    /// </summary>
    /// <exception cref="MosaicStorageException">The database cannot be reached or a script fails.</exception>
    public static async Task ApplyAsync(DbConnection connection, MosaicStorageProvider provider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var name = MosaicStorageOptions.ProviderDisplayName(provider);
        var scripts = GetScriptNames(provider);

        if (connection.State != ConnectionState.Open)
        {
            await OpenAsync(connection, provider, cancellationToken).ConfigureAwait(false);
        }

        var script = "(none)";
        try
        {
            if (provider == MosaicStorageProvider.Postgres)
            {
                // The scripts' ALTER TABLEs lock the job tables in one order, and running jobs' writes lock them in
                // both orders (a result write: its row, then the job's totals; a delete: the job, then its rows), so the
                // database may end a deadlock by rolling this transaction back (a CI run saw it); it is then run again.
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({PostgresAdvisoryLockKey})", cancellationToken).ConfigureAwait(false);
                        foreach (var scriptName in scripts)
                        {
                            script = scriptName;
                            await ExecuteAsync(connection, transaction, GetScript(provider, scriptName), cancellationToken).ConfigureAwait(false);
                        }

                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        break;
                    }
                    catch (PostgresException ex) when (PostgresTransientErrors.Is(ex) && attempt < PostgresInstallAttempts)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            else
            {
                // No transaction: PRAGMA journal_mode cannot change inside one. Each statement is idempotent.
                foreach (var scriptName in scripts)
                {
                    script = scriptName;
                    await ExecuteAsync(connection, null, GetScript(provider, scriptName), cancellationToken).ConfigureAwait(false);
                }

                script = "the column additions";
                await SqliteColumnMigrations.ApplyAsync(connection, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DbException ex)
        {
            throw new MosaicStorageException($"{name}: applying {script} to {Describe(connection)} failed ({OneLine(ex.Message)}).", ex);
        }
    }

    /// <summary>
    /// Applies the scripts for <paramref name="options"/>: creates the SQLite file (and its folder) or connects to
    /// PostgreSQL. Does nothing for memory storage.
    /// </summary>
    /// <exception cref="MosaicStorageException">The options are invalid, the database cannot be reached or a script fails.</exception>
    public static async Task ApplyAsync(MosaicStorageOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = options.GetConnectionString();
        switch (options.Provider)
        {
            case MosaicStorageProvider.Memory:
                return;
            case MosaicStorageProvider.Sqlite:
                EnsureSqliteFolder(connectionString!);
                await using (var sqlite = new SqliteConnection(connectionString))
                {
                    await ApplyAsync(sqlite, MosaicStorageProvider.Sqlite, cancellationToken).ConfigureAwait(false);
                }

                return;
            case MosaicStorageProvider.Postgres:
                await using (var postgres = new NpgsqlConnection(connectionString))
                {
                    await ApplyAsync(postgres, MosaicStorageProvider.Postgres, cancellationToken).ConfigureAwait(false);
                }

                return;
            default:
                throw new MosaicStorageException($"Storage provider {(int)options.Provider} is not supported; use memory, sqlite or postgres.");
        }
    }

    /// <summary>
    /// Connects to a PostgreSQL store and disconnects (nothing for the others, whose files are local): a cluster client
    /// that applies no scripts learns here, in the same words as a silo, that the database cannot be reached, where the
    /// client's start would report it as a cluster that does not answer.
    /// </summary>
    /// <exception cref="MosaicStorageException">The options are invalid or the database cannot be reached.</exception>
    public static async Task CheckReachableAsync(MosaicStorageOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider == MosaicStorageProvider.Postgres)
        {
            await using var postgres = new NpgsqlConnection(options.GetConnectionString());
            await OpenAsync(postgres, MosaicStorageProvider.Postgres, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task OpenAsync(DbConnection connection, MosaicStorageProvider provider, CancellationToken cancellationToken)
    {
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or ArgumentException or System.Net.Sockets.SocketException or TimeoutException)
        {
            // A password refused (28P01, 28000) or a database the server does not have (3D000) is the user's setting.
            var badSettings = ex is ArgumentException or PostgresException { SqlState: "28P01" or "28000" or "3D000" };
            var message = $"{MosaicStorageOptions.ProviderDisplayName(provider)}: cannot connect to {Describe(connection)} ({OneLine(ex.Message)}).";
            throw badSettings ? MosaicStorageException.InSettings(message, ex) : new MosaicStorageException(message, ex);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MosaicStorageException($"SQLite storage: cannot create the data folder '{folder}' ({OneLine(ex.Message)}).", ex);
        }
    }

    private static string Folder(MosaicStorageProvider provider) => provider switch
    {
        MosaicStorageProvider.Postgres => "postgresql",
        MosaicStorageProvider.Sqlite => "sqlite",
        _ => throw new ArgumentException($"{provider} storage has no SQL scripts.", nameof(provider)),
    };

    // Where the connection points, without credentials.
    private static string Describe(DbConnection connection) => connection switch
    {
        NpgsqlConnection npgsql => DescribePostgres(npgsql.ConnectionString),
        SqliteConnection sqlite => $"'{new SqliteConnectionStringBuilder(sqlite.ConnectionString).DataSource}'",
        _ => $"database '{connection.Database}'",
    };

    private static string DescribePostgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var user = string.IsNullOrEmpty(builder.Username) ? string.Empty : $" as {builder.Username}";
        return $"{builder.Host}:{builder.Port}/{builder.Database}{user}";
    }

    private static string OneLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
