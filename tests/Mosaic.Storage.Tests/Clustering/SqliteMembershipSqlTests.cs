using Microsoft.Data.Sqlite;

namespace Mosaic.Storage.Tests.Clustering;

/// <summary>The membership queries of infra/sql/sqlite/04-clustering.sql, executed directly on a temporary file.</summary>
public sealed class SqliteMembershipSqlTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), TestClusters.NewId("mosaic-membership-sql"));

    [Fact]
    public Task MembershipWrites_StaleOrCurrentVersion_OnlyCurrentWritesAndBumps() => MembershipSqlScenarios.WritesNeedCurrentVersionAsync(OpenAsync);

    [Fact]
    public Task InsertMembership_SixRacersSameVersion_ExactlyOneJoins() => MembershipSqlScenarios.ConcurrentInsertsAsync(OpenAsync);

    [Fact]
    public Task GatewaysAndCleanup_MixedRows_SelectTheRightRows() => MembershipSqlScenarios.GatewaysAndCleanupAsync(OpenAsync);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private Task<MembershipSqlDb> OpenAsync() =>
        MembershipSqlDb.OpenAsync(new MosaicStorageOptions { Provider = MosaicStorageProvider.Sqlite, DataFolder = folder });
}
