namespace Mosaic.Storage;

/// <summary>Names shared by every Mosaic storage configuration.</summary>
public static class MosaicStorage
{
    /// <summary>The grain storage name: <c>[PersistentState("state", MosaicStorage.Name)]</c>.</summary>
    public const string Name = "mosaic";

    /// <summary>The configuration section read by <see cref="MosaicStorageOptions.FromConfiguration"/>.</summary>
    public const string SectionName = "Mosaic:Storage";

    /// <summary>The ADO.NET invariant of PostgreSQL (driver Npgsql).</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>The ADO.NET invariant Orleans maps to Microsoft.Data.Sqlite.</summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>The SQLite database file created in <see cref="MosaicStorageOptions.DataFolder"/>.</summary>
    public const string SqliteFileName = "mosaic.db";

    /// <summary>Longest job, question, file or batch id the stores keep (the PostgreSQL columns are varchar(256)).</summary>
    public const int MaxIdLength = 256;
}
