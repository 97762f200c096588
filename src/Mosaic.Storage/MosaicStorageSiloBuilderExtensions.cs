using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mosaic.Storage.Jobs;
using Orleans;
using Orleans.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Mosaic.Storage;

/// <summary>Registers Mosaic's grain storage (named <see cref="MosaicStorage.Name"/>) on a silo.</summary>
public static class MosaicStorageSiloBuilderExtensions
{
    /// <summary>Configures storage from the <c>Mosaic:Storage</c> section of <paramref name="configuration"/>.</summary>
    /// <exception cref="MosaicStorageException">The configuration is invalid.</exception>
    public static ISiloBuilder AddMosaicStorage(this ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return builder.AddMosaicStorage(MosaicStorageOptions.FromConfiguration(configuration));
    }

    /// <summary>Configures storage from options set by <paramref name="configure"/>.</summary>
    /// <exception cref="MosaicStorageException">The options are invalid.</exception>
    public static ISiloBuilder AddMosaicStorage(this ISiloBuilder builder, Action<MosaicStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new MosaicStorageOptions();
        configure(options);
        return builder.AddMosaicStorage(options);
    }

    /// <summary>
    /// Memory: in-memory grain storage. SQLite: ADO.NET grain storage in a file under the data folder and, with
    /// <see cref="MosaicStorageOptions.UseSqliteClustering"/>, ADO.NET clustering in the same file.
    /// PostgreSQL: ADO.NET grain storage and, unless <see cref="MosaicStorageOptions.UseClustering"/> is false,
    /// ADO.NET clustering. With <see cref="MosaicStorageOptions.InstallSchema"/> the SQL scripts are applied when the
    /// silo starts. Otherwise clustering is left to the host (e.g. <c>UseLocalhostClustering()</c>).
    /// Also registers the singleton <see cref="IJobStore"/> of the provider, scoped by the silo's
    /// <see cref="ClusterOptions.ServiceId"/> (memory: the process-wide in-memory store of that service id, so the
    /// in-process silos of one test cluster share it).
    /// </summary>
    /// <exception cref="MosaicStorageException">The options are invalid (checked here, before the silo starts).</exception>
    public static ISiloBuilder AddMosaicStorage(this ISiloBuilder builder, MosaicStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var snapshot = options.Clone();
        var connectionString = snapshot.GetConnectionString();
        builder.Services.AddSingleton<IJobStore>(services =>
            JobStores.Create(snapshot, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));

        switch (snapshot.Provider)
        {
            case MosaicStorageProvider.Memory:
                builder.AddMemoryGrainStorage(MosaicStorage.Name);
                return builder;

            case MosaicStorageProvider.Sqlite:
                AddSchemaInstaller(builder, snapshot);
                UseOrleansSerializer(builder);
                builder.AddAdoNetGrainStorage(MosaicStorage.Name, storage =>
                {
                    storage.Invariant = MosaicStorage.SqliteInvariant;
                    storage.ConnectionString = connectionString;
                });
                if (snapshot.UseSqliteClustering)
                {
                    builder.UseAdoNetClustering(clustering =>
                    {
                        clustering.Invariant = MosaicStorage.SqliteInvariant;
                        clustering.ConnectionString = connectionString;
                    });
                }

                return builder;

            case MosaicStorageProvider.Postgres:
                AddSchemaInstaller(builder, snapshot);
                // Orleans sends back only exceptions of the namespaces it is told of: without this a store outage
                // reached callers as "Could not find a codec for type Npgsql.NpgsqlException" instead of the driver's reason.
                builder.Services.Configure<ExceptionSerializationOptions>(exceptions => exceptions.SupportedNamespacePrefixes.Add(typeof(Npgsql.NpgsqlException).Namespace!));
                UseOrleansSerializer(builder);
                builder.AddAdoNetGrainStorage(MosaicStorage.Name, storage =>
                {
                    storage.Invariant = MosaicStorage.PostgresInvariant;
                    storage.ConnectionString = connectionString;
                });
                if (snapshot.UseClustering)
                {
                    builder.UseAdoNetClustering(clustering =>
                    {
                        clustering.Invariant = MosaicStorage.PostgresInvariant;
                        clustering.ConnectionString = connectionString;
                    });
                }

                return builder;

            default:
                throw new MosaicStorageException(
                    $"Storage provider {(int)snapshot.Provider} is not supported; use memory, sqlite or postgres.");
        }
    }

    /// <summary>
    /// Persist state with Orleans' own serializer, so every <c>[GenerateSerializer]</c> type (records, immutable
    /// collections) round-trips exactly, instead of the ADO.NET default of Newtonsoft JSON.
    /// </summary>
    private static void UseOrleansSerializer(ISiloBuilder builder) =>
        builder.Services.AddOptions<AdoNetGrainStorageOptions>(MosaicStorage.Name)
            .Configure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));

    private static void AddSchemaInstaller(ISiloBuilder builder, MosaicStorageOptions options)
    {
        if (!options.InstallSchema)
        {
            return;
        }

        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services =>
            new SchemaInstallerLifecycleParticipant(
                options,
                services.GetRequiredService<ILogger<SchemaInstallerLifecycleParticipant>>()));
    }
}
