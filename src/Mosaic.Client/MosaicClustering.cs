namespace Mosaic.Client;

/// <summary>How a client finds the cluster's gateways.</summary>
public enum MosaicClustering
{
    /// <summary>Fixed gateway ports on this machine (development, embedded clusters).</summary>
    Localhost,

    /// <summary>The membership table in PostgreSQL (ADO.NET clustering): several machines, Kubernetes.</summary>
    Postgres,

    /// <summary>The membership table in a SQLite file shared by the silos of one machine.</summary>
    Sqlite,
}
