namespace Mosaic.Storage.Batches;

/// <summary>Creates the <see cref="IBatchStore"/> of a storage configuration: the same database as its job store.</summary>
public static class BatchStores
{
    /// <summary>
    /// Memory → the process-wide in-memory store of <paramref name="serviceId"/>; SQLite → the options' file; PostgreSQL →
    /// the options' database. Does no I/O (the tables come with the schema scripts). Dispose the result when it is
    /// <see cref="IAsyncDisposable"/> (PostgreSQL holds a connection pool).
    /// </summary>
    /// <exception cref="MosaicStorageException">The options are invalid.</exception>
    public static IBatchStore Create(MosaicStorageOptions options, string serviceId)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        var connectionString = options.GetConnectionString();
        return options.Provider switch
        {
            MosaicStorageProvider.Memory => InMemoryBatchStore.Shared(serviceId),
            MosaicStorageProvider.Sqlite => new SqliteBatchStore(connectionString!, serviceId),
            MosaicStorageProvider.Postgres => new PostgresBatchStore(connectionString!, serviceId),
            _ => throw new MosaicStorageException($"Storage provider {(int)options.Provider} is not supported; use memory, sqlite or postgres."),
        };
    }
}
