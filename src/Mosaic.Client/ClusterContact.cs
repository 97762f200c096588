using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Mosaic.Client;

/// <summary>
/// What a <see cref="MosaicClient"/> knows of reaching its cluster: how long reads and watches keep asking a cluster that
/// does not answer (<see cref="MosaicClientOptions.ClusterPatience"/>), and how the cluster is named when it (or the
/// client's first connection, <see cref="ConnectRetryFilter"/>) gives up.
/// <see cref="MosaicClientBuilderExtensions.UseMosaicClustering(IClientBuilder, MosaicClientOptions)"/> registers it
/// beside the Orleans client; a client configured otherwise gets the default patience and its ids.
/// </summary>
internal sealed class ClusterContact(TimeSpan patience, string cluster, ClusterConnectionWatch? connection = null)
{
    public TimeSpan Patience { get; } = patience;

    /// <summary>"cluster id 'dev', service id 'dev', gateways localhost:30000".</summary>
    public string Cluster { get; } = cluster;

    public static ClusterContact Of(IGrainFactory client) =>
        client is IClusterClient { ServiceProvider: { } services }
            ? services.GetService<ClusterContact>() ?? new ClusterContact(MosaicClientOptions.DefaultClusterPatience, Ids(services.GetService<IOptions<ClusterOptions>>()?.Value))
            : new ClusterContact(MosaicClientOptions.DefaultClusterPatience, "the cluster");

    /// <summary>
    /// Whether <paramref name="e"/>, a call's failure, came with the client connected to no silo: it never reached one,
    /// or Orleans reports no gateway connected (every silo it knew has gone). Unknown without a connection watch.
    /// </summary>
    public bool IsCutOff(Exception e) =>
        ClusterFailures.IsUnreachable(e) && (ClusterFailures.IsNotConnectedYet(e) || connection is { Connected: false });

    /// <summary>A call failed with <paramref name="e"/> while <see cref="IsCutOff"/>.</summary>
    public ClusterUnavailableException CutOff(Exception e) =>
        new($"This client is connected to no silo of the cluster ({Cluster}): {ClusterFailures.Cause(e)}.", e);

    /// <summary>The failures of a call went on for <paramref name="waited"/>, <paramref name="last"/> the latest.</summary>
    public ClusterUnavailableException Unavailable(TimeSpan waited, Exception last) =>
        new($"No silo of the cluster answered for {Seconds(waited)} ({Cluster}): {ClusterFailures.Cause(last)}.", last);

    /// <summary>The client's start tried to connect for <paramref name="waited"/>; <paramref name="cause"/> is the most telling reason it failed.</summary>
    public ClusterUnavailableException NotReached(TimeSpan waited, string cause, Exception last) =>
        new($"No silo of the cluster answered within {Seconds(waited)} ({Cluster}): {cause}.", last);

    private static string Ids(ClusterOptions? ids) =>
        ids is null ? "the cluster" : $"cluster id '{ids.ClusterId}', service id '{ids.ServiceId}'";

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds.ToString(span.TotalSeconds < 10 ? "0.#" : "0", CultureInfo.InvariantCulture)} s";
}
