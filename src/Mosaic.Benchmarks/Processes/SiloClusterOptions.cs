using System.Globalization;
using Mosaic.Storage;

namespace Mosaic.Benchmarks.Processes;

/// <summary>
/// A cluster of <c>Mosaic.Silo</c> processes on loopback: <see cref="Silos"/> workers (<c>gpu0</c> …) with database
/// clustering and storage (<see cref="Storage"/>: PostgreSQL, or SQLite with SQLite clustering), the emulated backend
/// at <see cref="TimeScale"/>, and any further settings every silo gets.
/// </summary>
internal sealed class SiloClusterOptions
{
    public int Silos { get; init; } = 3;

    /// <summary>Storage and membership; its cluster and service ids name the cluster (unique per run by default).</summary>
    public required MosaicStorageOptions Storage { get; init; }

    /// <summary>Wall seconds per emulated second.</summary>
    public double TimeScale { get; init; } = 0.001;

    /// <summary>Further settings for every silo, by configuration key (e.g. <c>Mosaic:MaxModelsPerWorker</c>).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Where each process's log goes (<c>gpu1-2.log</c>: worker and incarnation).</summary>
    public required string LogFolder { get; init; }

    /// <summary>How long a silo may take to become active.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(3);

    public string? SiloPath { get; init; }

    public IReadOnlyList<string> Workers => Enumerable.Range(0, Silos).Select(n => $"gpu{n}").ToArray();

    /// <summary>The settings every silo of the cluster gets: storage, membership, cluster ids, backend.</summary>
    public IReadOnlyDictionary<string, string> SharedSettings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Mosaic:Storage:Provider"] = Storage.Provider.ToString().ToLowerInvariant(),
            ["Mosaic:Storage:DataFolder"] = Storage.DataFolder,
            ["Mosaic:Storage:Clustering"] = "true",
            ["Mosaic:Storage:SqliteClustering"] = "true",
            ["Silo:ClusterId"] = Storage.ClusterId,
            ["Silo:ServiceId"] = Storage.ServiceId,
            ["Mosaic:Backend"] = "emulated",
            ["Mosaic:TimeScale"] = TimeScale.ToString("R", CultureInfo.InvariantCulture),
        };
        if (Storage.ConnectionString is { } connection)
        {
            settings["Mosaic:Storage:ConnectionString"] = connection;
        }

        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        return settings;
    }
}
