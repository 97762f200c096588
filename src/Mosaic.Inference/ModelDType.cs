namespace Mosaic.Inference;

/// <summary>Parameter precision. <see cref="Auto"/> keeps config.json's <c>torch_dtype</c> (float32 when absent).</summary>
public enum ModelDType
{
    Auto,
    Float32,
    BFloat16,
    Float16,
}
