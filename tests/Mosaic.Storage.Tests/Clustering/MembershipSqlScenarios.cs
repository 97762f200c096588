using System.Data;

namespace Mosaic.Storage.Tests.Clustering;

/// <summary>
/// The membership queries of a clustering script (infra/sql/postgresql/03-clustering.sql,
/// infra/sql/sqlite/04-clustering.sql) executed directly, with parameters typed the way the 10.4.2 provider types them,
/// to pin down the optimistic-concurrency rules a happy-path cluster never exercises.
/// </summary>
internal static class MembershipSqlScenarios
{
    public const int Joining = 1;
    public const int Active = 3;
    public const int Dead = 6;

    public static async Task WritesNeedCurrentVersionAsync(Func<Task<MembershipSqlDb>> open)
    {
        await using var db = await open();
        var cluster = TestClusters.NewId("sql-cluster");
        try
        {
            Assert.True(await db.BoolAsync("InsertMembershipVersionKey", cluster));
            Assert.False(await db.BoolAsync("InsertMembershipVersionKey", cluster));

            var empty = await db.ReadAllAsync(cluster);
            Assert.Equal([(null, 0)], empty.Select(r => (r.Silo, r.Version)));

            var silo1 = new MembershipSqlMember("10.0.0.1", 11111, 1, "silo-1");
            Assert.False(await db.BoolAsync("InsertMembershipKey", cluster, silo1.Insert(Joining, version: 1)));
            Assert.True(await db.BoolAsync("InsertMembershipKey", cluster, silo1.Insert(Joining, version: 0)));
            Assert.False(await db.BoolAsync("InsertMembershipKey", cluster, silo1.Insert(Joining, version: 1)));
            Assert.Equal(1, await db.TableVersionAsync(cluster));

            Assert.False(await db.BoolAsync("UpdateMembershipKey", cluster, silo1.Update(Active, version: 0)));
            Assert.True(await db.BoolAsync("UpdateMembershipKey", cluster, silo1.Update(Active, version: 1, suspects: "x,y")));
            Assert.Equal(2, await db.TableVersionAsync(cluster));

            var ghost = new MembershipSqlMember("10.0.0.9", 11111, 1, "ghost");
            Assert.False(await db.BoolAsync("UpdateMembershipKey", cluster, ghost.Update(Active, version: 2)));
            Assert.Equal(2, await db.TableVersionAsync(cluster));

            await db.ExecuteAsync("UpdateIAmAlivetimeKey", cluster, silo1.Heartbeat(DateTime.UtcNow.AddMinutes(1)));
            Assert.Equal(2, await db.TableVersionAsync(cluster));

            var rows = await db.ReadAllAsync(cluster);
            var row = Assert.Single(rows);
            Assert.Equal(("silo-1", Active, "x,y", 2), (row.Silo, row.Status, row.SuspectTimes, row.Version));

            var readRow = await db.ReadRowAsync(cluster, silo1);
            Assert.Equal("silo-1", Assert.Single(readRow).Silo);
            var missingRow = await db.ReadRowAsync(cluster, ghost);
            Assert.Equal([(null, 2)], missingRow.Select(r => (r.Silo, r.Version)));
        }
        finally
        {
            await db.ExecuteAsync("DeleteMembershipTableEntriesKey", cluster);
        }

        Assert.Empty(await db.ReadAllAsync(cluster));
    }

    public static async Task ConcurrentInsertsAsync(Func<Task<MembershipSqlDb>> open)
    {
        await using var setup = await open();
        var cluster = TestClusters.NewId("sql-race");
        try
        {
            Assert.True(await setup.BoolAsync("InsertMembershipVersionKey", cluster));
            var results = await Task.WhenAll(Enumerable.Range(1, 6).Select(async i =>
            {
                await using var db = await open();
                return await db.BoolAsync("InsertMembershipKey", cluster, new MembershipSqlMember($"10.0.1.{i}", 11111, 1, $"racer-{i}").Insert(Joining, version: 0));
            }));

            Assert.Equal(1, results.Count(r => r));
            Assert.Single(await setup.ReadAllAsync(cluster));
            Assert.Equal(1, await setup.TableVersionAsync(cluster));
        }
        finally
        {
            await setup.ExecuteAsync("DeleteMembershipTableEntriesKey", cluster);
        }
    }

    public static async Task GatewaysAndCleanupAsync(Func<Task<MembershipSqlDb>> open)
    {
        await using var db = await open();
        var cluster = TestClusters.NewId("sql-gw");
        try
        {
            Assert.True(await db.BoolAsync("InsertMembershipVersionKey", cluster));
            var active = new MembershipSqlMember("10.0.2.1", 11111, 1, "active");
            var oldDead = new MembershipSqlMember("10.0.2.2", 11111, 1, "old-dead");
            var newDead = new MembershipSqlMember("10.0.2.3", 11111, 1, "new-dead");
            var version = 0;
            foreach (var (member, status) in new[] { (active, Active), (oldDead, Dead), (newDead, Dead) })
            {
                Assert.True(await db.BoolAsync("InsertMembershipKey", cluster, member.Insert(status, version++)));
            }

            await db.ExecuteAsync("UpdateIAmAlivetimeKey", cluster, oldDead.Heartbeat(DateTime.UtcNow.AddHours(-2)));

            var gateways = await db.GatewaysAsync(cluster);
            Assert.Equal([("10.0.2.1", active.ProxyPort)], gateways);

            await db.ExecuteAsync("CleanupDefunctSiloEntriesKey", cluster, [("IAmAliveTime", DateTime.UtcNow.AddHours(-1), DbType.DateTime)]);
            Assert.Equal(["active", "new-dead"], (await db.ReadAllAsync(cluster)).Select(r => r.Silo).Order(StringComparer.Ordinal));

            // The single-row variant deletes only when the captured values still match.
            var captured = Assert.Single(await db.ReadRowAsync(cluster, newDead));
            var stale = newDead.Identity().Concat([
                ("StartTime", captured.StartTime!.Value, DbType.DateTime),
                ("IAmAliveTime", captured.IAmAliveTime!.Value.AddSeconds(-1), DbType.DateTime),
                ("SuspectTimes", (object?)null, DbType.String)]).ToArray();
            await db.ExecuteAsync("CleanupDefunctSiloEntryKey", cluster, stale);
            Assert.Equal(2, (await db.ReadAllAsync(cluster)).Count);

            var current = newDead.Identity().Concat([
                ("StartTime", captured.StartTime!.Value, DbType.DateTime),
                ("IAmAliveTime", captured.IAmAliveTime!.Value, DbType.DateTime),
                ("SuspectTimes", (object?)"", DbType.String)]).ToArray();
            await db.ExecuteAsync("CleanupDefunctSiloEntryKey", cluster, current);
            Assert.Equal(["active"], (await db.ReadAllAsync(cluster)).Select(r => r.Silo));
        }
        finally
        {
            await db.ExecuteAsync("DeleteMembershipTableEntriesKey", cluster);
        }
    }
}
