using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Mosaic.Storage;

/// <summary>
/// Which database keeps Mosaic's grain state, job store and (optionally) cluster membership, read from the
/// <c>Mosaic:Storage</c> configuration section: <c>Provider</c> (memory | sqlite | postgres), <c>ConnectionString</c>
/// (falls back to <c>ConnectionStrings:mosaic</c>), <c>DataFolder</c>, <c>InstallSchema</c>, <c>Clustering</c>,
/// <c>SqliteClustering</c>; and the cluster identity a client joins from <c>Silo:ClusterId</c> and <c>Silo:ServiceId</c>.
/// </summary>
public sealed class MosaicStorageOptions
{
    /// <summary>The storage provider; <see cref="MosaicStorageProvider.Memory"/> by default.</summary>
    public MosaicStorageProvider Provider { get; set; } = MosaicStorageProvider.Memory;

    /// <summary>
    /// The ADO.NET connection string. Required for PostgreSQL. For SQLite it is optional: without it the database is
    /// <see cref="MosaicStorage.SqliteFileName"/> in <see cref="DataFolder"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The folder of the SQLite database file (created when missing); relative paths are resolved against
    /// the current directory.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Apply the embedded SQL scripts (idempotent) when the silo starts; true by default.</summary>
    public bool InstallSchema { get; set; } = true;

    /// <summary>PostgreSQL only: also use the database for cluster membership (ADO.NET clustering); true by default.</summary>
    public bool UseClustering { get; set; } = true;

    /// <summary>
    /// SQLite only: also keep cluster membership in the SQLite file (ADO.NET clustering with Mosaic's own SQL), so several
    /// silo processes on one machine cluster without a primary silo. False by default (the host keeps its own
    /// clustering, e.g. localhost). Configuration key <c>SqliteClustering</c>.
    /// </summary>
    public bool UseSqliteClustering { get; set; }

    /// <summary>True when the options keep cluster membership in the database (PostgreSQL with
    /// <see cref="UseClustering"/>, SQLite with <see cref="UseSqliteClustering"/>).</summary>
    public bool UsesDatabaseClustering =>
        (Provider == MosaicStorageProvider.Postgres && UseClustering) || (Provider == MosaicStorageProvider.Sqlite && UseSqliteClustering);

    /// <summary>The Orleans cluster id a client joins through the database's membership table; read from
    /// <c>Silo:ClusterId</c>, the key the silo host reads; <see cref="DefaultClusterId"/> by default.</summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>The Orleans service id a client uses with database clustering; read from <c>Silo:ServiceId</c>, the key
    /// the silo host reads; <see cref="DefaultServiceId"/> by default.</summary>
    public string ServiceId { get; set; } = DefaultServiceId;

    /// <summary>The cluster id silos and clients use when none is configured.</summary>
    public const string DefaultClusterId = "mosaic";

    /// <summary>The service id silos and clients use when none is configured.</summary>
    public const string DefaultServiceId = "mosaic";

    /// <summary>Reads the <see cref="MosaicStorage.SectionName"/> section of <paramref name="configuration"/> (the root
    /// configuration, e.g. appsettings.json plus environment variables such as <c>Mosaic__Storage__Provider</c>).</summary>
    /// <exception cref="MosaicStorageException">A value cannot be parsed.</exception>
    public static MosaicStorageOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(MosaicStorage.SectionName);
        var options = new MosaicStorageOptions();

        if (NullIfBlank(section["Provider"]) is { } provider)
        {
            options.Provider = ParseProvider(provider);
        }

        options.ConnectionString = NullIfBlank(section["ConnectionString"])
            ?? NullIfBlank(configuration.GetConnectionString(MosaicStorage.Name));

        if (NullIfBlank(section["DataFolder"]) is { } folder)
        {
            options.DataFolder = folder;
        }

        options.InstallSchema = ParseBoolean(section, "InstallSchema", options.InstallSchema);
        options.UseClustering = ParseBoolean(section, "Clustering", options.UseClustering);
        options.UseSqliteClustering = ParseBoolean(section, "SqliteClustering", options.UseSqliteClustering);
        options.ClusterId = NullIfBlank(configuration["Silo:ClusterId"])?.Trim() ?? options.ClusterId;
        options.ServiceId = NullIfBlank(configuration["Silo:ServiceId"])?.Trim() ?? options.ServiceId;
        return options;
    }

    /// <summary>Parses a provider name: <c>memory</c>, <c>sqlite</c>, <c>postgres</c> (or <c>postgresql</c>).</summary>
    /// <exception cref="MosaicStorageException">The name is not one of those.</exception>
    public static MosaicStorageProvider ParseProvider(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Trim().ToLowerInvariant() switch
        {
            "memory" => MosaicStorageProvider.Memory,
            "sqlite" => MosaicStorageProvider.Sqlite,
            "postgres" or "postgresql" => MosaicStorageProvider.Postgres,
            _ => throw MosaicStorageException.InSettings(
                $"{MosaicStorage.SectionName}:Provider '{value}' is not supported; use memory, sqlite or postgres."),
        };
    }

    /// <summary>Checks the options; throws a one-line <see cref="MosaicStorageException"/> naming the provider.</summary>
    public void Validate() => _ = GetConnectionString();

    /// <summary>
    /// The connection string the ADO.NET providers will use: <see langword="null"/> for memory; for SQLite either
    /// <see cref="ConnectionString"/> or a file in <see cref="DataFolder"/>; for PostgreSQL <see cref="ConnectionString"/>.
    /// </summary>
    /// <exception cref="MosaicStorageException">The options are incomplete or the connection string is malformed.</exception>
    public string? GetConnectionString() => Provider switch
    {
        MosaicStorageProvider.Memory => null,
        MosaicStorageProvider.Sqlite => GetSqliteConnectionString(),
        MosaicStorageProvider.Postgres => GetPostgresConnectionString(),
        _ => throw MosaicStorageException.InSettings($"Storage provider {(int)Provider} is not supported; use memory, sqlite or postgres."),
    };

    /// <summary>A copy, so that later changes to this instance do not affect a configured silo.</summary>
    public MosaicStorageOptions Clone() => new()
    {
        Provider = Provider,
        ConnectionString = ConnectionString,
        DataFolder = DataFolder,
        InstallSchema = InstallSchema,
        UseClustering = UseClustering,
        UseSqliteClustering = UseSqliteClustering,
        ClusterId = ClusterId,
        ServiceId = ServiceId,
    };

    internal static string ProviderDisplayName(MosaicStorageProvider provider) => provider switch
    {
        MosaicStorageProvider.Memory => "Memory storage",
        MosaicStorageProvider.Sqlite => "SQLite storage",
        MosaicStorageProvider.Postgres => "PostgreSQL storage",
        _ => $"Storage provider {(int)provider}",
    };

    private string GetSqliteConnectionString()
    {
        const string Name = "SQLite storage";
        SqliteConnectionStringBuilder builder;
        if (NullIfBlank(ConnectionString) is { } text)
        {
            try
            {
                builder = new SqliteConnectionStringBuilder(text);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
            {
                throw MosaicStorageException.InSettings($"{Name}: invalid connection string ({FirstLine(ex.Message)}).", ex);
            }

            if (string.IsNullOrWhiteSpace(builder.DataSource)
                || builder.DataSource.Trim() == ":memory:"
                || builder.Mode == SqliteOpenMode.Memory)
            {
                throw MosaicStorageException.InSettings(
                    $"{Name}: the connection string must name a database file (Data Source=path/to/mosaic.db).");
            }

            return builder.ConnectionString;
        }

        if (string.IsNullOrWhiteSpace(DataFolder))
        {
            throw MosaicStorageException.InSettings(
                $"{Name} needs a data folder: set {MosaicStorage.SectionName}:DataFolder or a connection string.");
        }

        string path;
        try
        {
            path = Path.GetFullPath(Path.Combine(DataFolder, MosaicStorage.SqliteFileName));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw MosaicStorageException.InSettings($"{Name}: data folder '{DataFolder}' is not a valid path ({FirstLine(ex.Message)}).", ex);
        }

        builder = new SqliteConnectionStringBuilder { DataSource = path };
        return builder.ConnectionString;
    }

    private string GetPostgresConnectionString()
    {
        const string Name = "PostgreSQL storage";
        if (NullIfBlank(ConnectionString) is not { } text)
        {
            throw MosaicStorageException.InSettings(
                $"{Name} needs a connection string: set {MosaicStorage.SectionName}:ConnectionString "
                + "(e.g. Host=127.0.0.1;Port=5432;Database=mosaic;Username=mosaic;Password=...).");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            throw MosaicStorageException.InSettings($"{Name}: invalid connection string ({FirstLine(ex.Message)}).", ex);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw MosaicStorageException.InSettings($"{Name}: the connection string has no Host.");
        }

        return text;
    }

    private static bool ParseBoolean(IConfiguration section, string key, bool defaultValue)
    {
        if (NullIfBlank(section[key]) is not { } value)
        {
            return defaultValue;
        }

        return bool.TryParse(value.Trim(), out var result)
            ? result
            : throw MosaicStorageException.InSettings(
                string.Create(CultureInfo.InvariantCulture, $"{MosaicStorage.SectionName}:{key} '{value}' is not true or false."));
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
