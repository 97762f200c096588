using Microsoft.Extensions.Hosting;
using Mosaic.Storage;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// Applies Mosaic's SQL scripts (idempotent, the same the silos apply) before any service starts, so the files and
/// batches tables exist whichever process reaches the database first.
/// </summary>
internal sealed class SchemaInstaller(MosaicStorageOptions storage) : IHostedLifecycleService
{
    /// <exception cref="MosaicStorageException">The database cannot be reached or a script fails.</exception>
    public static Task ApplyAsync(MosaicStorageOptions storage, CancellationToken cancellationToken) =>
        storage.Provider != MosaicStorageProvider.Memory && storage.InstallSchema ? SqlSchemaInstaller.ApplyAsync(storage, cancellationToken) : Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => ApplyAsync(storage, cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
