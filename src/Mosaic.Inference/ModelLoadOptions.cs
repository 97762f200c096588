namespace Mosaic.Inference;

/// <summary>How to place and store a model's weights.</summary>
public sealed record ModelLoadOptions
{
    public InferenceDevice Device { get; init; } = InferenceDevice.Auto;

    /// <summary>Which CUDA device (<c>cuda:N</c>) when several are visible; null means the default device.</summary>
    public int? CudaIndex { get; init; }

    public ModelDType DType { get; init; } = ModelDType.Auto;

    public static ModelLoadOptions Default { get; } = new();
}
