namespace Mosaic.Inference;

/// <summary>Where a model runs. <see cref="Auto"/> picks CUDA when available, otherwise the CPU.</summary>
public enum InferenceDevice
{
    Auto,
    Cpu,
    Cuda,
}
