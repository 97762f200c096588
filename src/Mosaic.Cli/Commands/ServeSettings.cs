using System.Net;
using Mosaic.Cli.Batch;
using Mosaic.Gateway.Hosting;
using Mosaic.Grains.Hosting;

namespace Mosaic.Cli.Commands;

/// <summary>
/// What <c>mosaic serve</c> was asked for: <see cref="Host"/> as given (for messages), <see cref="Address"/> what it
/// names; <see cref="Cluster"/> a running cluster to serve, or null for an embedded one of <see cref="Workers"/>
/// workers with its store in <see cref="DataFolder"/> and, when <see cref="OrleansPort"/> is given, fixed Orleans ports
/// from it.
/// </summary>
internal sealed record ServeSettings(
    int Port,
    string Host,
    IPAddress Address,
    int Workers,
    string DataFolder,
    ClusterAddress? Cluster,
    IReadOnlyList<string> ApiKeys,
    IReadOnlyList<string> AllowedOrigins,
    MosaicGrainsOptions Grains,
    PoolOptions Pool,
    int? OrleansPort = null);
