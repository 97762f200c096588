namespace Mosaic.Hosting;

/// <summary>
/// How <see cref="ZooProfiling"/> measures the zoo: session sizes and repeats of the sweep, how many models are
/// measured at once (as many as the workers that run concurrently, so each measures under the same contention a
/// worker meets), the intra-op threads each gets, and the engine's batch width (the worker's <c>MaxBatchSize</c>).
/// </summary>
public sealed record ZooProfileOptions
{
    public IReadOnlyList<int> SessionSizes { get; init; } = [16, 48, 96, 160, 256];

    public int Repeats { get; init; } = 3;

    public int Parallel { get; init; } = 2;

    /// <summary>Intra-op threads per model; null gives each the share of the cores an embedded cluster of <see cref="Parallel"/> workers gives each worker.</summary>
    public int? Threads { get; init; }

    /// <summary>The intra-op threads each model is measured with.</summary>
    public int ThreadsPerModel => ThreadsOn(Environment.ProcessorCount);

    /// <summary><see cref="ThreadsPerModel"/> on a machine of <paramref name="cores"/> cores.</summary>
    public int ThreadsOn(int cores) => Threads ?? EmbeddedCluster.ThreadsPerWorker(Parallel, cores);

    public int MaxBatchSize { get; init; } = 64;

    /// <summary>Profile only these models (names); null profiles every model of the zoo.</summary>
    public IReadOnlyList<string>? Only { get; init; }

    public void Validate()
    {
        if (SessionSizes.Count == 0 || SessionSizes.Any(s => s < 1) || Repeats < 1 || Parallel < 1 || Threads is < 1 || MaxBatchSize < 1)
        {
            throw new ArgumentException("session sizes, repeats, parallel, threads and batch width must be positive");
        }
    }
}
