namespace Mosaic.Storage.Tests;

/// <summary>A fact that needs a live PostgreSQL server: skipped, with the reason, when
/// <c>MOSAIC_TEST_POSTGRES</c> is not set (infra/scripts/ci-postgres.sh prints the export line).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string VariableName = "MOSAIC_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (ConnectionString is null)
        {
            Skip = $"{VariableName} is not set: no PostgreSQL server to test against "
                + "(run infra/scripts/ci-postgres.sh and export the line it prints).";
        }
    }

    /// <summary>The connection string from the environment, or <see langword="null"/>.</summary>
    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(VariableName) is { Length: > 0 } value ? value : null;
}
