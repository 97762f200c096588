namespace Mosaic.Inference.Profiling;

/// <summary>What a profiling sweep generates.</summary>
public sealed record ProfileOptions
{
    /// <summary>Batch sizes to time; each run takes that many calibration prompts (cycling if there are fewer).</summary>
    public IReadOnlyList<int> BatchSizes { get; init; } = [1, 4, 16];

    public int MaxNewTokens { get; init; } = 128;

    /// <summary>
    /// Feed each prompt to the model as it is; by default it is a user turn written in the model's prompt format,
    /// as the serving path writes it.
    /// </summary>
    public bool RawPrompts { get; init; }

    public ModelLoadOptions Load { get; init; } = ModelLoadOptions.Default;
}
