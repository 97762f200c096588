using Microsoft.Extensions.Hosting;
using Mosaic.Storage;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// Applies Mosaic's SQL scripts (idempotent, the same the silos apply) before any service starts, so the files and
/// batches tables exist whichever process reaches the database first.
/// </summary>
internal sealed class SchemaInstaller(MosaicStorageOptions storage) : IHostedLifecycleService
{
    private readonly Lock _lock = new();
    private Task? _applied;

    /// <summary>
    /// Applies the scripts once per process: <c>Mosaic.Gateway</c>'s entry point does it before the host starts (so that
    /// an unreachable store is its one error line), and the host's start then finds it done.
    /// </summary>
    /// <exception cref="MosaicStorageException">The database cannot be reached or a script fails.</exception>
    public Task EnsureAppliedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _applied ??= storage.Provider != MosaicStorageProvider.Memory && storage.InstallSchema
                ? SqlSchemaInstaller.ApplyAsync(storage, cancellationToken)
                : Task.CompletedTask;
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => EnsureAppliedAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
