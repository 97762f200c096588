namespace Mosaic.Silo.Tests;

/// <summary>A fact that needs the PostgreSQL server CI starts; reported as skipped, with the reason, where there is none.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "MOSAIC_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (ConnectionString is null)
        {
            Skip = $"{Variable} is not set (CI sets it through infra/scripts/ci-postgres.sh)";
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;
}
