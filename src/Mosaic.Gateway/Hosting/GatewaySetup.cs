using Mosaic.Client;
using Mosaic.Storage;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// What a host decides for its gateway; every part left null is read from configuration: the cluster
/// (<see cref="MosaicClientOptions.FromConfiguration"/>, the silos' keys), the store of files and batches
/// (<c>Mosaic:Storage</c>, the silos' job store), the gateway's settings (<c>Mosaic:Gateway</c>) and the pool
/// (<c>Mosaic:Pool</c>).
/// </summary>
public sealed class GatewaySetup
{
    public MosaicClientOptions? Cluster { get; init; }

    public MosaicStorageOptions? Storage { get; init; }

    /// <summary>The service id that scopes the stored files and batches (the silos' job rows use theirs); null: the cluster's service id.</summary>
    public string? ServiceId { get; init; }

    public GatewayOptions? Gateway { get; init; }

    /// <summary>
    /// Applied to the gateway's settings read from configuration (when <see cref="Gateway"/> is null): a host's own
    /// options (a command's flags) over what its configuration and environment set.
    /// </summary>
    public Action<GatewayOptions>? AdjustGateway { get; init; }

    public PoolOptions? Pool { get; init; }

    /// <summary>
    /// A port another process holds stops the host without an exception and is left in
    /// <see cref="ServerStartWatch.BindError"/>: the standalone gateway reports it in one line, where a thrown failure
    /// is also logged by the host, stack trace and all. Hosts embedding the gateway get the exception.
    /// </summary>
    internal bool KeepBindFailure { get; init; }
}
