using Npgsql;

namespace Mosaic.Storage;

/// <summary>PostgreSQL errors after which the transaction was rolled back whole and running it again is safe.</summary>
internal static class PostgresTransientErrors
{
    public static bool Is(PostgresException ex) =>
        ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;
}
