namespace Mosaic.Inference;

/// <summary>
/// A model folder or checkpoint that cannot be used: truncated or malformed safetensors, an unknown dtype, a tensor
/// whose shape contradicts config.json, a missing tokenizer. The message is one line naming the file and tensor.
/// </summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string filePath, string? tensorName, string problem, Exception? inner = null)
        : base(Compose(filePath, tensorName, problem), inner)
    {
        FilePath = filePath;
        TensorName = tensorName;
    }

    /// <summary>The offending file (or folder, when a file is missing).</summary>
    public string FilePath { get; }

    /// <summary>The offending tensor, when the problem concerns one.</summary>
    public string? TensorName { get; }

    /// <summary>Always one line: line breaks inside a quoted parser message become spaces.</summary>
    private static string Compose(string filePath, string? tensorName, string problem)
    {
        var text = tensorName is null ? $"{filePath}: {problem}" : $"{filePath}: tensor '{tensorName}': {problem}";
        return string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
    }
}
