using static TorchSharp.torch;

namespace Mosaic.Inference.SafeTensors;

/// <summary>One header entry: dtype, shape and byte range relative to the start of the data buffer.</summary>
internal sealed record SafeTensorInfo(string Name, string DTypeCode, ScalarType DType, long[] Shape, long Begin, long End)
{
    public long ByteLength => End - Begin;
}
