using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Mosaic.Client;

/// <summary>
/// Where a client finds the cluster. <see cref="FromConfiguration"/> reads the keys the silos read, so a client given the
/// silos' configuration joins them: <c>Mosaic:Storage:Provider</c> postgres (with <c>Mosaic:Storage:Clustering</c>, on
/// by default) or sqlite with <c>Mosaic:Storage:SqliteClustering=true</c> → the database's membership table, with
/// <c>Mosaic:Storage:ConnectionString</c> (or <c>ConnectionStrings:mosaic</c>), <c>Mosaic:Storage:DataFolder</c>,
/// <c>Silo:ClusterId</c> and <c>Silo:ServiceId</c>; anything else → localhost gateways from <c>Mosaic:Client:GatewayPorts</c>
/// (comma-separated, default 30000). <c>Mosaic:Client:ClusterId</c> / <c>ServiceId</c> override the ids;
/// <c>Mosaic:Client:ClusterPatience</c> and <c>ConnectTimeout</c> (time spans, <c>00:02:00</c>) set
/// <see cref="ClusterPatience"/> and <see cref="ConnectTimeout"/>.
/// </summary>
public sealed class MosaicClientOptions
{
    /// <summary>The ids a silo started with Orleans' <c>UseLocalhostClustering</c> and no ids ends up with (Orleans' defaults).</summary>
    public const string LocalhostId = "default";

    /// <summary>The ids silos with database clustering use when none is configured.</summary>
    public const string DefaultId = "mosaic";

    /// <summary>The SQLite database file in <see cref="DataFolder"/> (the silos' file).</summary>
    public const string SqliteFileName = "mosaic.db";

    /// <summary>The <see cref="ConnectTimeout"/> of a client that sets none.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The <see cref="ClusterPatience"/> of a client that sets none.</summary>
    public static readonly TimeSpan DefaultClusterPatience = TimeSpan.FromMinutes(2);

    public MosaicClustering Clustering { get; set; } = MosaicClustering.Localhost;

    /// <summary>Localhost: the silos' gateway ports on this machine.</summary>
    public IList<int> GatewayPorts { get; set; } = [30000];

    /// <summary>PostgreSQL (required) or SQLite (optional: else <see cref="SqliteFileName"/> in <see cref="DataFolder"/>).</summary>
    public string? ConnectionString { get; set; }

    public string DataFolder { get; set; } = "data";

    /// <summary>The Orleans cluster id; null takes <see cref="LocalhostId"/> for localhost and <see cref="DefaultId"/> for a database.</summary>
    public string? ClusterId { get; set; }

    /// <summary>The Orleans service id; null takes <see cref="LocalhostId"/> for localhost and <see cref="DefaultId"/> for a database.</summary>
    public string? ServiceId { get; set; }

    /// <summary>How often the client re-reads the gateway list (a restarted silo is used again after at most this long).</summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When set, the client keeps trying to connect at this interval until its host stops, instead of failing its start
    /// after <see cref="ConnectTimeout"/> (a gateway that starts before the silos).
    /// </summary>
    public TimeSpan? ConnectRetryInterval { get; set; }

    /// <summary>
    /// How long the client's start tries to connect (every second) before it fails with <see cref="ClusterUnavailableException"/>,
    /// whose one line names the cluster and why no silo took the connection (a silo of another cluster id closes it at
    /// once); not used with <see cref="ConnectRetryInterval"/>. <c>Mosaic:Client:ConnectTimeout</c>.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = DefaultConnectTimeout;

    /// <summary>
    /// How long reads and watches (<see cref="IMosaicClient.GetReportAsync"/>, the result pages, plan and timeline,
    /// <see cref="IMosaicClient.WatchAsync"/> and <see cref="IMosaicClient.WaitForCompletionAsync(string, CancellationToken)"/>)
    /// keep asking a cluster none of whose silos answers (all stopped, or restarting: a job resumes by itself when they
    /// are back) before they throw <see cref="ClusterUnavailableException"/>; null takes <see cref="DefaultClusterPatience"/>.
    /// </summary>
    public TimeSpan? ClusterPatience { get; set; }

    public TimeSpan EffectiveClusterPatience => ClusterPatience ?? DefaultClusterPatience;

    public string EffectiveClusterId => ClusterId ?? (Clustering == MosaicClustering.Localhost ? LocalhostId : DefaultId);

    public string EffectiveServiceId => ServiceId ?? (Clustering == MosaicClustering.Localhost ? LocalhostId : DefaultId);

    /// <exception cref="MosaicClientException">A value cannot be parsed.</exception>
    public static MosaicClientOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var storage = configuration.GetSection("Mosaic:Storage");
        var client = configuration.GetSection("Mosaic:Client");
        var options = new MosaicClientOptions
        {
            ConnectionString = Blank(storage["ConnectionString"]) ?? Blank(configuration.GetConnectionString("mosaic")),
            DataFolder = Blank(storage["DataFolder"]) ?? "data",
        };
        var provider = Blank(storage["Provider"])?.Trim().ToLowerInvariant();
        options.Clustering = provider switch
        {
            null or "memory" => MosaicClustering.Localhost,
            "postgres" or "postgresql" => Flag(storage, "Clustering", true) ? MosaicClustering.Postgres : MosaicClustering.Localhost,
            "sqlite" => Flag(storage, "SqliteClustering", false) ? MosaicClustering.Sqlite : MosaicClustering.Localhost,
            _ => throw new MosaicClientException($"Mosaic:Storage:Provider '{storage["Provider"]}' is not supported; use memory, sqlite or postgres."),
        };
        // "30000,30001", or a list: ["30000", "30001"] in JSON, Mosaic__Client__GatewayPorts__0 in the environment (an
        // array was ignored, the default port taken, until 2026-12-05).
        var listed = client.GetSection("GatewayPorts").GetChildren().Select(c => c.Value).OfType<string>().ToArray();
        if ((Blank(client["GatewayPorts"]) ?? (listed.Length > 0 ? string.Join(',', listed) : null)) is { } ports)
        {
            options.GatewayPorts = ports.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
                    ? port
                    : throw new MosaicClientException($"Mosaic:Client:GatewayPorts '{ports}' must list TCP ports separated by commas."))
                .ToList();
        }

        if (options.Clustering != MosaicClustering.Localhost)
        {
            options.ClusterId = Blank(configuration["Silo:ClusterId"])?.Trim();
            options.ServiceId = Blank(configuration["Silo:ServiceId"])?.Trim();
        }

        options.ClusterId = Blank(client["ClusterId"])?.Trim() ?? options.ClusterId;
        options.ServiceId = Blank(client["ServiceId"])?.Trim() ?? options.ServiceId;
        options.ClusterPatience = Span(client, "ClusterPatience", "00:02:00") ?? options.ClusterPatience;
        options.ConnectTimeout = Span(client, "ConnectTimeout", "00:00:20") ?? options.ConnectTimeout;
        return options;
    }

    /// <summary>Checks the options; throws a one-line <see cref="MosaicClientException"/> naming the problem.</summary>
    public MosaicClientOptions Validate()
    {
        _ = GetConnectionString();
        if (Clustering == MosaicClustering.Localhost && (GatewayPorts is not { Count: > 0 } || GatewayPorts.Any(p => p is <= 0 or >= 65536)))
        {
            throw new MosaicClientException("Localhost clustering needs at least one gateway port between 1 and 65535.");
        }

        if (string.IsNullOrWhiteSpace(EffectiveClusterId) || string.IsNullOrWhiteSpace(EffectiveServiceId))
        {
            throw new MosaicClientException("The cluster id and service id must not be blank.");
        }

        if (GatewayListRefreshPeriod <= TimeSpan.Zero || ConnectRetryInterval <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero || ClusterPatience <= TimeSpan.Zero)
        {
            throw new MosaicClientException("The gateway list refresh period, the connect retry interval, the connect timeout and the cluster patience must be positive.");
        }

        return this;
    }

    /// <summary>The cluster as messages name it: its ids and where its gateways are (a connection string's host and database, never its password).</summary>
    internal string Describe()
    {
        var ids = $"cluster id '{EffectiveClusterId}', service id '{EffectiveServiceId}'";
        try
        {
            return Clustering switch
            {
                MosaicClustering.Localhost => $"{ids}, gateways {string.Join(", ", GatewayPorts.Select(p => $"localhost:{p}"))}",
                MosaicClustering.Postgres when new NpgsqlConnectionStringBuilder(ConnectionString) is var postgres =>
                    $"{ids}, gateways from the membership table of PostgreSQL database '{postgres.Database}' on {postgres.Host}{(postgres.Port != NpgsqlConnection.DefaultPort ? $":{postgres.Port}" : "")}",
                MosaicClustering.Sqlite => $"{ids}, gateways from the membership table in {new SqliteConnectionStringBuilder(GetConnectionString()).DataSource}",
                _ => ids,
            };
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or MosaicClientException)
        {
            return ids;
        }
    }

    /// <summary>The ADO.NET connection string of the membership table; null for localhost clustering.</summary>
    /// <exception cref="MosaicClientException">The connection string is missing or malformed.</exception>
    public string? GetConnectionString() => Clustering switch
    {
        MosaicClustering.Localhost => null,
        MosaicClustering.Postgres => PostgresConnectionString(),
        MosaicClustering.Sqlite => SqliteConnectionString(),
        _ => throw new MosaicClientException($"Clustering {(int)Clustering} is not supported; use localhost, postgres or sqlite."),
    };

    private string PostgresConnectionString()
    {
        if (Blank(ConnectionString) is not { } text)
        {
            throw new MosaicClientException(
                "PostgreSQL clustering needs a connection string: set Mosaic:Storage:ConnectionString (e.g. Host=127.0.0.1;Database=mosaic;Username=mosaic;Password=...).");
        }

        try
        {
            return string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(text).Host)
                ? throw new MosaicClientException("PostgreSQL clustering: the connection string has no Host.")
                : text;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new MosaicClientException($"PostgreSQL clustering: invalid connection string ({FirstLine(ex.Message)}).", ex);
        }
    }

    private string SqliteConnectionString()
    {
        if (Blank(ConnectionString) is { } text)
        {
            try
            {
                var builder = new SqliteConnectionStringBuilder(text);
                return string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource.Trim() == ":memory:" || builder.Mode == SqliteOpenMode.Memory
                    ? throw new MosaicClientException("SQLite clustering: the connection string must name the silos' database file.")
                    : builder.ConnectionString;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
            {
                throw new MosaicClientException($"SQLite clustering: invalid connection string ({FirstLine(ex.Message)}).", ex);
            }
        }

        if (string.IsNullOrWhiteSpace(DataFolder))
        {
            throw new MosaicClientException("SQLite clustering needs the silos' data folder or a connection string.");
        }

        return new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(Path.Combine(DataFolder, SqliteFileName)) }.ConnectionString;
    }

    private static TimeSpan? Span(IConfiguration section, string key, string example) =>
        Blank(section[key]) is not { } value ? null
        : TimeSpan.TryParse(value.Trim(), CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero ? span
        : throw new MosaicClientException($"Mosaic:Client:{key} '{value}' must be a positive time span such as {example}.");

    private static bool Flag(IConfiguration section, string key, bool fallback) =>
        Blank(section[key]) is not { } value ? fallback
        : bool.TryParse(value.Trim(), out var flag) ? flag
        : throw new MosaicClientException($"Mosaic:Storage:{key} '{value}' is not true or false.");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
