namespace Mosaic.Storage.Jobs;

/// <summary>Creates the <see cref="IJobStore"/> for a storage configuration (what <c>AddMosaicStorage</c> registers),
/// for hosts that need one outside a silo, such as benchmarks and tools.</summary>
public static class JobStores
{
    /// <summary>
    /// The job store of <paramref name="options"/>, with rows scoped by <paramref name="serviceId"/> (the Orleans
    /// ServiceId): memory → the process-wide in-memory store of that service id; SQLite → the options' file;
    /// PostgreSQL → the options' database. Does no I/O: the tables must exist (a silo with
    /// <see cref="MosaicStorageOptions.InstallSchema"/> creates them, or call <see cref="SqlSchemaInstaller.ApplyAsync(MosaicStorageOptions, CancellationToken)"/>).
    /// Dispose the result when it is <see cref="IAsyncDisposable"/> (PostgreSQL holds a connection pool).
    /// </summary>
    /// <exception cref="MosaicStorageException">The options are invalid.</exception>
    public static IJobStore Create(MosaicStorageOptions options, string serviceId)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        var connectionString = options.GetConnectionString();
        return options.Provider switch
        {
            MosaicStorageProvider.Memory => InMemoryJobStore.Shared(serviceId),
            MosaicStorageProvider.Sqlite => new SqliteJobStore(connectionString!, serviceId),
            MosaicStorageProvider.Postgres => new PostgresJobStore(connectionString!, serviceId),
            _ => throw new MosaicStorageException($"Storage provider {(int)options.Provider} is not supported; use memory, sqlite or postgres."),
        };
    }
}
