namespace Mosaic.Inference;

/// <summary>How to place and store a model's weights.</summary>
public sealed record ModelLoadOptions
{
    public InferenceDevice Device { get; init; } = InferenceDevice.Auto;

    public ModelDType DType { get; init; } = ModelDType.Auto;

    public static ModelLoadOptions Default { get; } = new();
}
