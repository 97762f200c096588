using Xunit.Sdk;

namespace Mosaic.Integration.Tests;

/// <summary>
/// A fact that needs the PostgreSQL server CI starts (<c>MOSAIC_TEST_POSTGRES</c>; infra/scripts/ci-postgres.sh prints
/// the export line). Without it the test is skipped with the reason, except under <c>CI=true</c>, where
/// <see cref="PostgresFactDiscoverer"/> makes it fail: a CI run must not pass by silently skipping it.
/// </summary>
[XunitTestCaseDiscoverer("Mosaic.Integration.Tests." + nameof(PostgresFactDiscoverer), "Mosaic.Integration.Tests")]
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "MOSAIC_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (ConnectionString is null && !CiMode.IsOn(Environment.GetEnvironmentVariable("CI")))
        {
            Skip = MissingMessage;
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static string MissingMessage => $"{Variable} is not set (CI sets it through infra/scripts/ci-postgres.sh)";

    /// <summary>The failure reported instead of a skip when <c>CI=true</c>; <see langword="null"/> when the test can
    /// run or may be skipped.</summary>
    public static string? CiFailure(string? connectionString, string? ci) =>
        connectionString is null && CiMode.IsOn(ci) ? $"CI=true but {MissingMessage}" : null;
}
