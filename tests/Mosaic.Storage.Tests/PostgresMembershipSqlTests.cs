using System.Data;
using Npgsql;

namespace Mosaic.Storage.Tests;

/// <summary>
/// The membership queries of infra/sql/postgresql/03-clustering.sql executed directly, with parameters typed the way
/// the 10.4.2 provider types them, to pin down the optimistic-concurrency rules a happy-path cluster never exercises.
/// </summary>
public sealed class PostgresMembershipSqlTests
{
    private const int Joining = 1;
    private const int Active = 3;
    private const int Dead = 6;

    [PostgresFact]
    public async Task Membership_writes_need_the_current_table_version_and_bump_it()
    {
        await using var db = await Db.OpenAsync();
        var cluster = TestClusters.NewId("sql-cluster");
        try
        {
            Assert.True(await db.BoolAsync("InsertMembershipVersionKey", cluster));
            Assert.False(await db.BoolAsync("InsertMembershipVersionKey", cluster));

            var empty = await db.ReadAllAsync(cluster);
            Assert.Equal([(null, 0)], empty.Select(r => (r.Silo, r.Version)));

            var silo1 = new Member("10.0.0.1", 11111, 1, "silo-1");
            Assert.False(await db.BoolAsync("InsertMembershipKey", cluster, silo1.Insert(Joining, version: 1)));
            Assert.True(await db.BoolAsync("InsertMembershipKey", cluster, silo1.Insert(Joining, version: 0)));
            Assert.False(await db.BoolAsync("InsertMembershipKey", cluster, silo1.Insert(Joining, version: 1)));
            Assert.Equal(1, await db.TableVersionAsync(cluster));

            Assert.False(await db.BoolAsync("UpdateMembershipKey", cluster, silo1.Update(Active, version: 0)));
            Assert.True(await db.BoolAsync("UpdateMembershipKey", cluster, silo1.Update(Active, version: 1, suspects: "x,y")));
            Assert.Equal(2, await db.TableVersionAsync(cluster));

            var ghost = new Member("10.0.0.9", 11111, 1, "ghost");
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

    [PostgresFact]
    public async Task Concurrent_inserts_with_the_same_table_version_let_exactly_one_silo_in()
    {
        await using var setup = await Db.OpenAsync();
        var cluster = TestClusters.NewId("sql-race");
        try
        {
            Assert.True(await setup.BoolAsync("InsertMembershipVersionKey", cluster));
            var results = await Task.WhenAll(Enumerable.Range(1, 6).Select(async i =>
            {
                await using var db = await Db.OpenAsync();
                return await db.BoolAsync("InsertMembershipKey", cluster, new Member($"10.0.1.{i}", 11111, 1, $"racer-{i}").Insert(Joining, version: 0));
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

    [PostgresFact]
    public async Task Gateways_and_cleanup_select_the_right_rows()
    {
        await using var db = await Db.OpenAsync();
        var cluster = TestClusters.NewId("sql-gw");
        try
        {
            Assert.True(await db.BoolAsync("InsertMembershipVersionKey", cluster));
            var active = new Member("10.0.2.1", 11111, 1, "active");
            var oldDead = new Member("10.0.2.2", 11111, 1, "old-dead");
            var newDead = new Member("10.0.2.3", 11111, 1, "new-dead");
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

    private sealed record Member(string Address, int Port, int Generation, string Name)
    {
        public int ProxyPort => Port + 1;

        public (string, object?, DbType)[] Identity() =>
        [
            ("Address", Address, DbType.AnsiString),
            ("Port", Port, DbType.Int32),
            ("Generation", Generation, DbType.Int32),
        ];

        public (string, object?, DbType)[] Insert(int status, int version)
        {
            var now = DateTime.UtcNow;
            return [.. Identity(),
                ("SiloName", Name, DbType.String),
                ("HostName", "host", DbType.String),
                ("Status", status, DbType.Int32),
                ("ProxyPort", ProxyPort, DbType.Int32),
                ("StartTime", now, DbType.DateTime),
                ("IAmAliveTime", now, DbType.DateTime),
                ("Version", version, DbType.Int32)];
        }

        public (string, object?, DbType)[] Update(int status, int version, string? suspects = null) =>
        [.. Identity(),
            ("Status", status, DbType.Int32),
            ("SuspectTimes", suspects, DbType.String),
            ("IAmAliveTime", DateTime.UtcNow, DbType.DateTime),
            ("Version", version, DbType.Int32)];

        public (string, object?, DbType)[] Heartbeat(DateTime time) =>
            [.. Identity(), ("IAmAliveTime", time, DbType.DateTime)];
    }

    private sealed record Row(string? Silo, int? Status, string? SuspectTimes, DateTime? StartTime, DateTime? IAmAliveTime, int Version);

    private sealed class Db(NpgsqlConnection connection) : IAsyncDisposable
    {
        public static async Task<Db> OpenAsync()
        {
            var options = new MosaicStorageOptions { Provider = MosaicStorageProvider.Postgres, ConnectionString = PostgresFactAttribute.ConnectionString };
            await SqlSchemaInstaller.ApplyAsync(options);
            var connection = new NpgsqlConnection(options.ConnectionString);
            await connection.OpenAsync();
            return new Db(connection);
        }

        public async Task<bool> BoolAsync(string key, string cluster, params (string, object?, DbType)[] parameters)
        {
            await using var command = await CommandAsync(key, cluster, parameters);
            return (bool)(await command.ExecuteScalarAsync())!;
        }

        public async Task ExecuteAsync(string key, string cluster, params (string, object?, DbType)[] parameters)
        {
            await using var command = await CommandAsync(key, cluster, parameters);
            await command.ExecuteNonQueryAsync();
        }

        public async Task<int> TableVersionAsync(string cluster) => (await ReadAllAsync(cluster))[0].Version;

        public Task<List<Row>> ReadAllAsync(string cluster) => RowsAsync("MembershipReadAllKey", cluster);

        public Task<List<Row>> ReadRowAsync(string cluster, Member member) => RowsAsync("MembershipReadRowKey", cluster, member.Identity());

        public async Task<(string, int)[]> GatewaysAsync(string cluster)
        {
            await using var command = await CommandAsync("GatewaysQueryKey", cluster, [("Status", Active, DbType.Int32)]);
            var result = new List<(string, int)>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                result.Add((reader.GetString(reader.GetOrdinal("Address")), reader.GetInt32(reader.GetOrdinal("ProxyPort"))));
                Assert.Equal(1, reader.GetInt32(reader.GetOrdinal("Generation")));
            }

            return [.. result];
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();

        private async Task<List<Row>> RowsAsync(string key, string cluster, params (string, object?, DbType)[] parameters)
        {
            await using var command = await CommandAsync(key, cluster, parameters);
            var rows = new List<Row>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(new Row(
                    Nullable<string>(reader, "SiloName"),
                    reader.IsDBNull(reader.GetOrdinal("Status")) ? null : reader.GetInt32(reader.GetOrdinal("Status")),
                    Nullable<string>(reader, "SuspectTimes"),
                    reader.IsDBNull(reader.GetOrdinal("StartTime")) ? null : reader.GetDateTime(reader.GetOrdinal("StartTime")),
                    reader.IsDBNull(reader.GetOrdinal("IAmAliveTime")) ? null : reader.GetDateTime(reader.GetOrdinal("IAmAliveTime")),
                    reader.GetInt32(reader.GetOrdinal("Version"))));
            }

            return rows;
        }

        private static T? Nullable<T>(NpgsqlDataReader reader, string column) where T : class =>
            reader.IsDBNull(reader.GetOrdinal(column)) ? null : reader.GetFieldValue<T>(reader.GetOrdinal(column));

        private async Task<NpgsqlCommand> CommandAsync(string key, string cluster, (string Name, object? Value, DbType Type)[] parameters)
        {
            await using var lookup = new NpgsqlCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = @key", connection);
            lookup.Parameters.AddWithValue("key", key);
            var text = (string)(await lookup.ExecuteScalarAsync())!;

            var command = new NpgsqlCommand(text, connection);
            command.Parameters.Add(new NpgsqlParameter("DeploymentId", DbType.String) { Value = cluster });
            foreach (var (name, value, type) in parameters)
            {
                command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
            }

            return command;
        }
    }
}
