using Microsoft.Extensions.Hosting;

namespace Mosaic.Hosting;

/// <summary>
/// The lifetime of an embedded silo or client host: no signal handling of its own. The default console lifetime
/// stops every host of the process at the first SIGTERM, so the silos went down under requests the gateway in front
/// of them was still answering; the command that owns the cluster stops it, after the front has drained.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
