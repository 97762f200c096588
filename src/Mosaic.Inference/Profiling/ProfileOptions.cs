namespace Mosaic.Inference.Profiling;

/// <summary>What a profiling sweep generates.</summary>
public sealed record ProfileOptions
{
    /// <summary>Batch sizes to time; each run takes that many calibration prompts (cycling if there are fewer).</summary>
    public IReadOnlyList<int> BatchSizes { get; init; } = [1, 4, 16];

    public int MaxNewTokens { get; init; } = 128;

    /// <summary>Wrap each prompt as a user turn in the model's chat template.</summary>
    public bool ApplyChatTemplate { get; init; }

    public ModelLoadOptions Load { get; init; } = ModelLoadOptions.Default;
}
