namespace Mosaic.Inference.Profiling;

/// <summary>What a profiling sweep generates, and on an engine shaped like which worker.</summary>
public sealed record ProfileOptions
{
    /// <summary>
    /// Session sizes to time: each run submits that many calibration prompts at once (cycling if there are fewer) to
    /// one continuous-batching engine, the way a worker runs one planned session.
    /// </summary>
    public IReadOnlyList<int> BatchSizes { get; init; } = [1, 4, 16];

    public int MaxNewTokens { get; init; } = 128;

    /// <summary>Rows the engine decodes together (the worker's continuous-batching width, <c>Mosaic:MaxBatchSize</c>).</summary>
    public int MaxBatchSize { get; init; } = 64;

    /// <summary>Context tokens per row of the engine; null takes the model's maximum positions, as the worker does.</summary>
    public int? ContextTokens { get; init; }

    /// <summary>Timed runs per session size; the median is kept (a shared machine disturbs some runs).</summary>
    public int Repeats { get; init; } = 1;

    /// <summary>
    /// Feed each prompt to the model as it is; by default it is a user turn written in the model's prompt format,
    /// as the serving path writes it.
    /// </summary>
    public bool RawPrompts { get; init; }

    public ModelLoadOptions Load { get; init; } = ModelLoadOptions.Default;
}
