using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Mosaic.Storage.Tests.Clustering;

/// <summary>Runs the clustering queries stored in <c>OrleansQuery</c> on one open connection (PostgreSQL or SQLite).</summary>
internal sealed class MembershipSqlDb(DbConnection connection) : IAsyncDisposable
{
    /// <summary>Applies the schema of <paramref name="options"/> and opens a connection to it.</summary>
    public static async Task<MembershipSqlDb> OpenAsync(MosaicStorageOptions options)
    {
        await SqlSchemaInstaller.ApplyAsync(options);
        DbConnection connection = options.Provider == MosaicStorageProvider.Postgres
            ? new NpgsqlConnection(options.GetConnectionString())
            : new SqliteConnection(options.GetConnectionString());
        await connection.OpenAsync();
        return new MembershipSqlDb(connection);
    }

    public async Task<bool> BoolAsync(string key, string cluster, params (string, object?, DbType)[] parameters)
    {
        await using var command = await CommandAsync(key, cluster, parameters);
        return Convert.ToBoolean(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string key, string cluster, params (string, object?, DbType)[] parameters)
    {
        await using var command = await CommandAsync(key, cluster, parameters);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<int> TableVersionAsync(string cluster) => (await ReadAllAsync(cluster))[0].Version;

    public Task<List<MembershipSqlRow>> ReadAllAsync(string cluster) => RowsAsync("MembershipReadAllKey", cluster);

    public Task<List<MembershipSqlRow>> ReadRowAsync(string cluster, MembershipSqlMember member) =>
        RowsAsync("MembershipReadRowKey", cluster, member.Identity());

    public async Task<(string, int)[]> GatewaysAsync(string cluster)
    {
        await using var command = await CommandAsync("GatewaysQueryKey", cluster, [("Status", MembershipSqlScenarios.Active, DbType.Int32)]);
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

    private async Task<List<MembershipSqlRow>> RowsAsync(string key, string cluster, params (string, object?, DbType)[] parameters)
    {
        await using var command = await CommandAsync(key, cluster, parameters);
        var rows = new List<MembershipSqlRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new MembershipSqlRow(
                Text(reader, "SiloName"),
                reader.IsDBNull(reader.GetOrdinal("Status")) ? null : reader.GetInt32(reader.GetOrdinal("Status")),
                Text(reader, "SuspectTimes"),
                reader.IsDBNull(reader.GetOrdinal("StartTime")) ? null : reader.GetDateTime(reader.GetOrdinal("StartTime")),
                reader.IsDBNull(reader.GetOrdinal("IAmAliveTime")) ? null : reader.GetDateTime(reader.GetOrdinal("IAmAliveTime")),
                reader.GetInt32(reader.GetOrdinal("Version"))));
        }

        return rows;
    }

    private static string? Text(DbDataReader reader, string column) =>
        reader.IsDBNull(reader.GetOrdinal(column)) ? null : reader.GetString(reader.GetOrdinal(column));

    private async Task<DbCommand> CommandAsync(string key, string cluster, (string Name, object? Value, DbType Type)[] parameters)
    {
        await using var lookup = connection.CreateCommand();
        lookup.CommandText = "SELECT QueryText FROM OrleansQuery WHERE QueryKey = @key";
        lookup.Parameters.Add(Parameter(lookup, "key", key, DbType.String));
        var text = (string)(await lookup.ExecuteScalarAsync())!;

        var command = connection.CreateCommand();
        command.CommandText = text;
        command.Parameters.Add(Parameter(command, "DeploymentId", cluster, DbType.String));
        foreach (var (name, value, type) in parameters)
        {
            command.Parameters.Add(Parameter(command, name, value, type));
        }

        return command;
    }

    private static DbParameter Parameter(DbCommand command, string name, object? value, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }
}
