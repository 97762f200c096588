namespace Mosaic.Abstractions;

/// <summary>
/// The cluster's job store (SQLite or PostgreSQL) failed in a way the silo's store described in one line: which store,
/// what is wrong and what fixes it ("SQLite job store: no such table: mosaic_job; apply infra/sql/sqlite/03-jobs.sql …"),
/// with the driver's exception inside. Silos send it in place of the store's own exception, whose type a client without
/// the storage assembly cannot read.
/// </summary>
[GenerateSerializer, Alias("mosaic.job-store-exception")]
public sealed class JobStoreException : Exception
{
    public JobStoreException(string message)
        : base(message)
    {
    }

    public JobStoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
