using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Mosaic.Storage;

/// <summary>Applies the SQL scripts at the very first silo lifecycle stage, before storage and membership start.</summary>
internal sealed class SchemaInstallerLifecycleParticipant(
    MosaicStorageOptions options,
    ILogger<SchemaInstallerLifecycleParticipant> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaInstallerLifecycleParticipant), ServiceLifecycleStage.First, InstallAsync);

    private async Task InstallAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await SqlSchemaInstaller.ApplyAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (MosaicStorageException ex)
        {
            logger.LogError("{Message}", ex.Message);
            throw;
        }

        logger.LogInformation(
            "{Provider} schema is up to date ({ElapsedMs:F0} ms).",
            MosaicStorageOptions.ProviderDisplayName(options.Provider),
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
