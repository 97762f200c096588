using Mosaic.Inference;

namespace Mosaic.Zoo;

/// <summary>Loads a zoo model (<c>&lt;zoo&gt;/&lt;name&gt;</c>) on the CPU, as every zoo tool and the demo's profiling run it.</summary>
public static class ZooModel
{
    public static LanguageModel Load(string directory, string name) =>
        LanguageModel.Load(Path.Combine(directory, name), new ModelLoadOptions { Device = InferenceDevice.Cpu });
}
