using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Mosaic.Gateway.Hosting;
using Mosaic.Storage;
using Npgsql;
using Orleans.Serialization;

namespace Mosaic.Gateway.Tests;

/// <summary>
/// Which failures of the job store a client may retry: until 2026-12-06 every database exception was a 503
/// <c>store_unavailable</c>, a missing table or a wrong password included, which the OpenAI SDKs retried in vain.
/// </summary>
public sealed class StoreErrorsTests
{
    [Fact]
    public void DriverExceptionInsideAnother_Is503StoreUnavailable_WithTheDriversFirstLine()
    {
        var refused = new NpgsqlException("Failed to connect to 127.0.0.1:5633\n   at Npgsql…", new SocketException((int)SocketError.ConnectionRefused));
        var wrapped = new AggregateException(new InvalidOperationException("reading the job failed", refused));

        var error = ErrorMiddleware.Classify(wrapped);

        Assert.Equal((503, "server_error", "store_unavailable"), (error.Status, error.Error.Type, error.Error.Code));
        Assert.Equal("The job store (database) is unavailable: Failed to connect to 127.0.0.1:5633", error.Error.Message);
        Assert.Equal(TimeSpan.FromSeconds(5), error.RetryAfter);
    }

    public static TheoryData<string, Exception> Transient => new()
    {
        { "connection refused", new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)) },
        { "connection reset", new NpgsqlException("Exception while reading from stream", new IOException("Unable to read data from the transport connection: Connection reset by peer.", new SocketException((int)SocketError.ConnectionReset))) },
        { "read timeout", new NpgsqlException("Exception while reading from stream", new TimeoutException("Timeout during reading attempt")) },
        { "server shutting down", new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown) },
        { "too many connections", new PostgresException("sorry, too many clients already", "FATAL", "FATAL", PostgresErrorCodes.TooManyConnections) },
        { "deadlock", new PostgresException("deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected) },
        { "sqlite busy", new SqliteException("SQLite Error 5: 'database is locked'.", 5) },
        { "sqlite locked", new SqliteException("SQLite Error 6: 'database table is locked'.", 6) },
    };

    [Theory]
    [MemberData(nameof(Transient))]
    public void TransientFailure_Is503StoreUnavailable_WithRetryAfter(string what, Exception e)
    {
        var error = ErrorMiddleware.Classify(new InvalidOperationException("wrapped", e));

        Assert.True((error.Status, error.Error.Code) == (503, "store_unavailable"), $"{what}: {error.Status} {error.Error.Code}");
        Assert.NotNull(error.RetryAfter);
    }

    public static TheoryData<Exception, string> Permanent => new()
    {
        {
            new PostgresException("relation \"mosaic_file\" does not exist", "ERROR", "ERROR", PostgresErrorCodes.UndefinedTable),
            "42P01: relation \"mosaic_file\" does not exist (its schema is not installed or out of date: docs/storage.md)"
        },
        {
            new PostgresException("schema \"mosaic\" does not exist", "ERROR", "ERROR", PostgresErrorCodes.InvalidSchemaName),
            "3F000: schema \"mosaic\" does not exist (its schema is not installed or out of date: docs/storage.md)"
        },
        {
            new PostgresException("password authentication failed for user \"mosaic\"", "FATAL", "FATAL", PostgresErrorCodes.InvalidPassword),
            "28P01: password authentication failed for user \"mosaic\" (check the user and password of Mosaic:Storage:ConnectionString)"
        },
        {
            new PostgresException("database \"mosaic\" does not exist", "FATAL", "FATAL", PostgresErrorCodes.InvalidCatalogName),
            "3D000: database \"mosaic\" does not exist (check the database of Mosaic:Storage:ConnectionString)"
        },
        { new SqliteException("SQLite Error 1: 'no such table: mosaic_file'.", 1), "SQLite Error 1: 'no such table: mosaic_file'. (its schema is not installed or out of date: docs/storage.md)" },
        { new SqliteException("SQLite Error 8: 'attempt to write a readonly database'.", 8), "SQLite Error 8: 'attempt to write a readonly database'." },
    };

    [Theory]
    [MemberData(nameof(Permanent))]
    public void PermanentFailure_Is500StoreError_NamingTheProblem_NoRetryAfter(Exception e, string problem)
    {
        var error = ErrorMiddleware.Classify(new AggregateException(e));

        Assert.Equal((500, "server_error", "store_error"), (error.Status, error.Error.Type, error.Error.Code));
        Assert.Equal($"The job store (database) failed: {problem}", error.Error.Message);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public void PermanentFailureTheStoreExplained_InTheStoresWords()
    {
        var missing = new PostgresException("relation \"mosaic_batch\" does not exist", "ERROR", "ERROR", PostgresErrorCodes.UndefinedTable);
        const string Explained = "PostgreSQL batch store: relation \"mosaic_batch\" does not exist; apply infra/sql/postgresql/05-batches.sql";

        var error = ErrorMiddleware.Classify(new MosaicStorageException(Explained, missing));

        Assert.Equal((500, "store_error"), (error.Status, error.Error.Code));
        Assert.Equal($"The job store (database) failed: {Explained}", error.Error.Message);
    }

    /// <summary>
    /// A silo's store failure reaches the gateway through Orleans' exception codec, which keeps the message and drops
    /// the driver's fields: the SQLSTATE is read from the message ("57P01: …").
    /// </summary>
    [Theory]
    [InlineData(PostgresErrorCodes.AdminShutdown, 503, "store_unavailable")]
    [InlineData(PostgresErrorCodes.UndefinedTable, 500, "store_error")]
    public void PostgresFailureOutOfAGrainCall_ClassifiedByTheSqlStateInItsMessage(string state, int status, string code)
    {
        using var services = new ServiceCollection().AddSerializer()
            .Configure<ExceptionSerializationOptions>(exceptions => exceptions.SupportedNamespacePrefixes.Add(typeof(NpgsqlException).Namespace!))
            .BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        Exception thrown = new InvalidOperationException("the job grain failed", new PostgresException("the server says no", "FATAL", "FATAL", state));

        var received = serializer.Deserialize<Exception>(serializer.SerializeToArray(thrown))!;
        var error = ErrorMiddleware.Classify(received);

        Assert.Equal(string.Empty, ((PostgresException)received.InnerException!).SqlState ?? string.Empty); // what the codec drops
        Assert.Equal((status, code), (error.Status, error.Error.Code));
        Assert.Contains($"(database) {(status == 503 ? "is unavailable" : "failed")}: {state}: the server says no", error.Error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A SQLite failure out of a grain call has lost <see cref="SqliteException.SqliteErrorCode"/> (Orleans' codec keeps
    /// the message, which starts with it): busy and locked stay 503s, a missing table names the schema. Until
    /// 2026-12-06 every one was a 500 <c>store_error</c> (a silo's "database is locked" after its 30 s wait included).
    /// </summary>
    [Theory]
    [InlineData(5, "database is locked", 503, "store_unavailable")]
    [InlineData(6, "database table is locked", 503, "store_unavailable")]
    [InlineData(1, "no such table: mosaic_job", 500, "store_error")]
    public void SqliteFailureOutOfAGrainCall_ClassifiedByItsCode(int code, string what, int status, string kind)
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        Exception thrown = new InvalidOperationException("the job grain failed", new SqliteException($"SQLite Error {code}: '{what}'.", code));

        var received = serializer.Deserialize<Exception>(serializer.SerializeToArray(thrown))!;
        var error = ErrorMiddleware.Classify(received);

        Assert.Equal(0, ((SqliteException)received.InnerException!).SqliteErrorCode); // what the codec drops
        Assert.Equal((status, kind), (error.Status, error.Error.Code));
        Assert.Equal(status == 503 ? TimeSpan.FromSeconds(5) : null, error.RetryAfter);
        Assert.StartsWith($"The job store (database) {(status == 503 ? "is unavailable" : "failed")}: SQLite Error {code}: '{what}'.", error.Error.Message, StringComparison.Ordinal);
        Assert.Equal(code == 1, error.Error.Message.EndsWith("(its schema is not installed or out of date: docs/storage.md)", StringComparison.Ordinal));
    }
}
