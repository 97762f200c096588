namespace Mosaic.Gateway.Health;

/// <summary>The body of <c>/readyz</c>: ready or not, why not, the active workers and the models the cluster knows.</summary>
internal sealed record Readiness(bool Ready, string? Reason, IReadOnlyList<string> Workers, IReadOnlyList<string> Models);
