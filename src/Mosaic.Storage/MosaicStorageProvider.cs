namespace Mosaic.Storage;

/// <summary>Where grain state (and, for PostgreSQL, cluster membership) is kept.</summary>
public enum MosaicStorageProvider
{
    /// <summary>In-memory grain storage; lost when the silo stops. Clustering is left to the host.</summary>
    Memory,

    /// <summary>A SQLite file in the data folder (grain state only; clustering is left to the host).</summary>
    Sqlite,

    /// <summary>PostgreSQL for grain state and, by default, ADO.NET cluster membership.</summary>
    Postgres,
}
