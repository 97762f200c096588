using static TorchSharp.torch;

namespace Mosaic.Inference.SafeTensors;

/// <summary>Maps safetensors dtype codes to TorchSharp scalar types and element sizes.</summary>
internal static class SafeTensorsDType
{
    private static readonly Dictionary<string, (ScalarType Type, int Size)> Known = new(StringComparer.Ordinal)
    {
        ["F64"] = (ScalarType.Float64, 8),
        ["F32"] = (ScalarType.Float32, 4),
        ["F16"] = (ScalarType.Float16, 2),
        ["BF16"] = (ScalarType.BFloat16, 2),
        ["I64"] = (ScalarType.Int64, 8),
        ["I32"] = (ScalarType.Int32, 4),
        ["I16"] = (ScalarType.Int16, 2),
        ["I8"] = (ScalarType.Int8, 1),
        ["U8"] = (ScalarType.Byte, 1),
        ["BOOL"] = (ScalarType.Bool, 1),
    };

    /// <summary>Valid in the format but without a TorchSharp 0.107 equivalent.</summary>
    private static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal) { "U16", "U32", "U64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64" };

    public static bool TryParse(string code, out ScalarType type, out int size)
    {
        if (Known.TryGetValue(code, out var entry))
        {
            (type, size) = entry;
            return true;
        }

        type = default;
        size = 0;
        return false;
    }

    public static bool IsKnownButUnsupported(string code) => Unsupported.Contains(code);

    public static string Code(ScalarType type) =>
        Known.FirstOrDefault(kv => kv.Value.Type == type).Key
        ?? throw new NotSupportedException($"dtype {type} cannot be stored in safetensors by this writer");

    public static int Size(ScalarType type) => Known.Values.First(v => v.Type == type).Size;
}
