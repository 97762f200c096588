using System.Data.Common;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// Failures of the database that holds jobs, files and batches (PostgreSQL or SQLite): a 503 naming the store, because
/// every request needs it and the OpenAI SDKs retry a 503. They reach the gateway from its own file and batch reads, or
/// out of a grain call (silos on PostgreSQL and Mosaic clients add Npgsql to Orleans' <c>ExceptionSerializationOptions</c>).
/// </summary>
internal static class StoreErrors
{
    /// <summary>The database's own exception in <paramref name="e"/> or its inner ones, if any.</summary>
    public static DbException? Find(Exception e) => e switch
    {
        DbException db => db,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Find).FirstOrDefault(found => found is not null),
        _ => e.InnerException is { } inner ? Find(inner) : null,
    };

    /// <summary>What a client reads: the store is unavailable, and the driver's first line ("Failed to connect to …").</summary>
    public static string Message(DbException e) =>
        $"The job store (database) is unavailable: {e.Message.Split('\n', 2)[0].Trim()}";
}
