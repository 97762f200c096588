namespace Mosaic.Abstractions;

/// <summary>The active workers of the cluster (ordinal order) and the models its silos are configured with.</summary>
[GenerateSerializer, Immutable, Alias("mosaic.cluster-status")]
public sealed record ClusterStatus(
    [property: Id(0)] IReadOnlyList<string> Workers,
    [property: Id(1)] IReadOnlyList<string> Models);
