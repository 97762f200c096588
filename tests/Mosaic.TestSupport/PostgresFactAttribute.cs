using Xunit.Sdk;

namespace Mosaic.TestSupport;

/// <summary>
/// A fact that needs a live PostgreSQL server (<c>MOSAIC_TEST_POSTGRES</c>; infra/scripts/ci-postgres.sh prints the
/// export line). Without it the test is skipped with the reason, except in CI (<c>CI=true</c>), where
/// <see cref="PostgresFactDiscoverer"/> makes it fail: a CI run must not pass by silently skipping the database tests.
/// </summary>
[XunitTestCaseDiscoverer("Mosaic.TestSupport." + nameof(PostgresFactDiscoverer), "Mosaic.TestSupport")]
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string VariableName = "MOSAIC_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (ConnectionString is null && !CiMode.IsOn(Environment.GetEnvironmentVariable("CI")))
        {
            Skip = MissingMessage;
        }
    }

    /// <summary>The connection string from the environment, or <see langword="null"/>.</summary>
    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(VariableName) is { Length: > 0 } value ? value : null;

    /// <summary>Why a PostgreSQL test cannot run.</summary>
    public static string MissingMessage =>
        $"{VariableName} is not set: no PostgreSQL server to test against "
        + "(run infra/scripts/ci-postgres.sh and export the line it prints).";

    /// <summary>The failure reported instead of a skip when <c>CI=true</c>; <see langword="null"/> when the test can
    /// run or may be skipped.</summary>
    public static string? CiFailure(string? connectionString, string? ci) =>
        connectionString is null && CiMode.IsOn(ci) ? $"CI=true but {MissingMessage}" : null;
}
