using System.Data.Common;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Mosaic.Gateway.Api;
using Mosaic.Storage;
using Npgsql;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// Failures of the database that holds jobs, files and batches (PostgreSQL or SQLite). They reach the gateway from its
/// own file and batch reads, or out of a grain call (silos on PostgreSQL and Mosaic clients add Npgsql to Orleans'
/// <c>ExceptionSerializationOptions</c>, Microsoft.Data.Sqlite's are among its defaults, and a silo sends its store's
/// own error as <see cref="Abstractions.JobStoreException"/>). A transient one (the server cannot be reached, a connection reset or timed
/// out, Npgsql's <see cref="DbException.IsTransient"/>, SQLite busy or locked) is a 503 <c>store_unavailable</c> with
/// <c>Retry-After</c>, which the OpenAI SDKs retry; a permanent one (a missing table or schema, a wrong password, no
/// such database) is a 500 <c>store_error</c>: retrying cannot help, the deployment has to be fixed.
/// </summary>
internal static partial class StoreErrors
{
    /// <summary>Long enough for a dropped connection or a database restart to be over, short enough for a waiting client.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteError = 1;
    private const string MissingSchema = " (its schema is not installed or out of date: docs/storage.md)";

    /// <summary>The database's own exception in <paramref name="e"/> or its inner ones, if any.</summary>
    public static DbException? Find(Exception e) => e switch
    {
        DbException db => db,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Find).FirstOrDefault(found => found is not null),
        _ => e.InnerException is { } inner ? Find(inner) : null,
    };

    /// <summary>Whether the same request may succeed later without anyone changing the deployment.</summary>
    public static bool IsTransient(DbException e) => e switch
    {
        // Npgsql's rule for the SQLSTATE: connection failures, shutdowns, too many connections, deadlocks, serialization failures.
        PostgresException postgres when SqlState(postgres) is { } state => new PostgresException("", "", "", state).IsTransient,
        SqliteException sqlite => SqliteCode(sqlite) is SqliteBusy or SqliteLocked,
        _ => e.IsTransient || Causes(e).Any(cause => cause is TimeoutException or IOException or SocketException),
    };

    /// <summary>
    /// What the client gets for <paramref name="e"/>, whose database exception is <paramref name="store"/>: the store is
    /// unavailable, with the driver's first line; or it failed, in the words of the store's own
    /// <see cref="MosaicStorageException"/> around it (which script to apply) or else the driver's first line and what to check.
    /// </summary>
    public static ApiException Error(Exception e, DbException store) => IsTransient(store)
        ? ApiException.StoreUnavailable($"The job store (database) is unavailable: {ErrorLine.First(store.Message)}")
        : ApiException.StoreFailed($"The job store (database) failed: {Explained(e) ?? ErrorLine.First(store.Message) + Hint(store)}");

    private static string Hint(DbException e) => e switch
    {
        PostgresException postgres => SqlState(postgres) switch
        {
            PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName or PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.UndefinedFunction => MissingSchema,
            PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification => " (check the user and password of Mosaic:Storage:ConnectionString)",
            PostgresErrorCodes.InvalidCatalogName => " (check the database of Mosaic:Storage:ConnectionString)",
            PostgresErrorCodes.InsufficientPrivilege => " (the database user lacks a permission on the store's tables)",
            _ => "",
        },
        SqliteException sqlite when SqliteCode(sqlite) == SqliteError && e.Message.Contains("no such", StringComparison.Ordinal) => MissingSchema,
        _ => "",
    };

    /// <summary>
    /// A server error's SQLSTATE. One that came out of a grain call has lost it (Orleans' exception codec keeps the
    /// message, not the driver's fields), but Npgsql's message starts with it: "42P01: relation … does not exist".
    /// </summary>
    private static string? SqlState(PostgresException e) =>
        e.SqlState is { Length: > 0 } state ? state
        : LeadingSqlState().Match(e.Message) is { Success: true } match ? match.Groups["state"].Value
        : null;

    /// <summary>
    /// A SQLite error's code. One that came out of a grain call has lost <see cref="SqliteException.SqliteErrorCode"/>
    /// (as a PostgreSQL one its SQLSTATE, below), but Microsoft.Data.Sqlite's message starts with it: "SQLite Error 5: …".
    /// </summary>
    private static int SqliteCode(SqliteException e) =>
        e.SqliteErrorCode != 0 ? e.SqliteErrorCode
        : LeadingSqliteCode().Match(e.Message) is { Success: true } match ? int.Parse(match.Groups["code"].Value, System.Globalization.CultureInfo.InvariantCulture)
        : 0;

    private static string? Explained(Exception e) => e switch
    {
        MosaicStorageException storage => ErrorLine.First(storage.Message),
        Abstractions.JobStoreException silo => ErrorLine.First(silo.Message),
        AggregateException aggregate => aggregate.InnerExceptions.Select(Explained).FirstOrDefault(found => found is not null),
        _ => e.InnerException is { } inner ? Explained(inner) : null,
    };

    [GeneratedRegex("^(?<state>[0-9A-Z]{5}): ")]
    private static partial Regex LeadingSqlState();

    [GeneratedRegex("^SQLite Error (?<code>[0-9]{1,4}): ")]
    private static partial Regex LeadingSqliteCode();

    private static IEnumerable<Exception> Causes(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            yield return inner;
        }
    }
}
