using Mosaic.Storage.Tests.Clustering;

namespace Mosaic.Storage.Tests;

/// <summary>The membership queries of infra/sql/postgresql/03-clustering.sql, executed directly.</summary>
public sealed class PostgresMembershipSqlTests
{
    [PostgresFact]
    public Task Membership_writes_need_the_current_table_version_and_bump_it() => MembershipSqlScenarios.WritesNeedCurrentVersionAsync(OpenAsync);

    [PostgresFact]
    public Task Concurrent_inserts_with_the_same_table_version_let_exactly_one_silo_in() => MembershipSqlScenarios.ConcurrentInsertsAsync(OpenAsync);

    [PostgresFact]
    public Task Gateways_and_cleanup_select_the_right_rows() => MembershipSqlScenarios.GatewaysAndCleanupAsync(OpenAsync);

    private static Task<MembershipSqlDb> OpenAsync() => MembershipSqlDb.OpenAsync(new MosaicStorageOptions
    {
        Provider = MosaicStorageProvider.Postgres,
        ConnectionString = PostgresFactAttribute.ConnectionString,
    });
}
