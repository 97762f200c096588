namespace Mosaic.Inference.Profiling;

/// <summary>The staggered-arrival figure of <see cref="InferenceBenchmark"/>: on the ~1M model, one engine, one thread.</summary>
public sealed record ArrivalSettings
{
    public int Batch { get; init; } = 64;

    /// <summary>Requests per run; several times the batch so that the engine runs saturated between ramp-up and drain.</summary>
    public int Requests { get; init; } = 256;

    public int NewTokens { get; init; } = 64;

    /// <summary>Milliseconds between two submissions in the staggered run.</summary>
    public double IntervalMs { get; init; } = 2;
}
