using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using TorchSharp;
using static TorchSharp.torch;

namespace Mosaic.Inference.SafeTensors;

/// <summary>
/// A validated, open safetensors file (<c>[u64 N][N bytes JSON header][data]</c>). Every header entry is checked
/// on open (known dtype, byte size = numel × element size, ranges inside the file, no holes or overlaps), so
/// reading a tensor later cannot run past the end. Errors are <see cref="ModelLoadException"/>s naming file and tensor.
/// </summary>
internal sealed class SafeTensorsFile : IDisposable
{
    private const long MaxHeaderBytes = 100L * 1024 * 1024;
    private const long ReadChunkBytes = 1L << 30;
    private const int ComparisonChunkBytes = 16 << 20;
    private readonly SafeFileHandle handle;
    private readonly Dictionary<string, SafeTensorInfo> tensors;
    private readonly long dataStart;

    private SafeTensorsFile(string path, SafeFileHandle handle, Dictionary<string, SafeTensorInfo> tensors, long dataStart, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        this.handle = handle;
        this.tensors = tensors;
        this.dataStart = dataStart;
        Metadata = metadata;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, SafeTensorInfo> Tensors => tensors;

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public static SafeTensorsFile Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelLoadException(path, null, "file not found");
        }

        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(path, null, $"cannot be read: {e.Message}", e);
        }

        try
        {
            var length = RandomAccess.GetLength(handle);
            if (length < 8)
            {
                throw new ModelLoadException(path, null, $"truncated: {length} bytes, shorter than the 8-byte header length");
            }

            Span<byte> prefix = stackalloc byte[8];
            RandomAccess.Read(handle, prefix, 0);
            var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
            if (headerLength > (ulong)(length - 8))
            {
                throw new ModelLoadException(path, null, $"header length {headerLength} runs past the end of the file ({length} bytes)");
            }

            if (headerLength > MaxHeaderBytes)
            {
                throw new ModelLoadException(path, null, $"header length {headerLength} exceeds the 100 MB limit");
            }

            var header = new byte[headerLength];
            RandomAccess.Read(handle, header, 8);
            var dataStart = 8 + (long)headerLength;
            var (entries, metadata) = ParseHeader(path, header, length - dataStart);
            return new SafeTensorsFile(path, handle, entries, dataStart, metadata);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads a tensor into a new CPU tensor of its stored dtype.</summary>
    public Tensor Read(string name)
    {
        var info = Info(name);
        var tensor = torch.empty(info.Shape, info.DType);
        ReadBytes(info, tensor);
        return tensor;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> (same shape) with the stored tensor, reading straight into its memory
    /// when it is a contiguous CPU tensor of the stored dtype, otherwise through a temporary and a converting copy.
    /// </summary>
    public void ReadInto(string name, Tensor destination)
    {
        var info = Info(name);
        if (destination.device_type == DeviceType.CPU && destination.dtype == info.DType && destination.is_contiguous())
        {
            ReadBytes(info, destination);
            return;
        }

        using var temporary = Read(name);
        using var _ = torch.no_grad();
        destination.copy_(temporary);
    }

    public SafeTensorInfo Info(string name) =>
        tensors.TryGetValue(name, out var info) ? info : throw new ModelLoadException(Path, name, "not present in the file");

    /// <summary>
    /// Whether tensor <paramref name="name"/> holds the same dtype, shape and bytes as <paramref name="otherName"/> of
    /// <paramref name="other"/>, compared from the files a chunk at a time (no tensor of either size is built).
    /// </summary>
    public bool SameData(string name, SafeTensorsFile other, string otherName)
    {
        var (mine, theirs) = (Info(name), other.Info(otherName));
        if (mine.DType != theirs.DType || !mine.Shape.SequenceEqual(theirs.Shape) || mine.ByteLength != theirs.ByteLength)
        {
            return false;
        }

        var (a, b) = (new byte[ComparisonChunkBytes], new byte[ComparisonChunkBytes]);
        for (long at = 0; at < mine.ByteLength; at += ComparisonChunkBytes)
        {
            var length = (int)Math.Min(ComparisonChunkBytes, mine.ByteLength - at);
            ReadExactly(mine, a.AsSpan(0, length), at);
            other.ReadExactly(theirs, b.AsSpan(0, length), at);
            if (!a.AsSpan(0, length).SequenceEqual(b.AsSpan(0, length)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Reads the tensor's bytes into <paramref name="destination"/>'s memory a chunk at a time: a span is limited to
    /// 2 GiB, and real checkpoints have bigger tensors (Qwen2.5-72B's embedding is 2.49 GB in bfloat16).
    /// </summary>
    internal void ReadBytes(SafeTensorInfo info, Tensor destination, long chunkBytes = ReadChunkBytes)
    {
        if (info.ByteLength == 0)
        {
            return;
        }

        var elementBytes = info.ByteLength / destination.numel();
        var chunkElements = Math.Max(1, chunkBytes / elementBytes);
        using var flat = destination.view(-1);
        for (long element = 0; element < flat.numel(); element += chunkElements)
        {
            using var chunk = flat.narrow(0, element, Math.Min(chunkElements, flat.numel() - element));
            ReadExactly(info, chunk.bytes, element * elementBytes);
        }
    }

    private void ReadExactly(SafeTensorInfo info, Span<byte> destination, long from)
    {
        var offset = dataStart + info.Begin + from;
        var read = 0;
        while (read < destination.Length)
        {
            var n = RandomAccess.Read(handle, destination[read..], offset + read);
            if (n == 0)
            {
                throw new ModelLoadException(Path, info.Name, "truncated: the file ended while reading the tensor");
            }

            read += n;
        }
    }

    private static (Dictionary<string, SafeTensorInfo>, IReadOnlyDictionary<string, string>) ParseHeader(string path, byte[] header, long dataLength)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(path, null, $"header is not valid JSON: {JsonErrorText.Describe(e)}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ModelLoadException(path, null, "header is not a JSON object");
            }

            var entries = new Dictionary<string, SafeTensorInfo>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    if (property.Value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var m in property.Value.EnumerateObject())
                        {
                            metadata[m.Name] = m.Value.ToString();
                        }
                    }

                    continue;
                }

                if (entries.ContainsKey(property.Name))
                {
                    throw new ModelLoadException(path, property.Name, "appears twice in the header");
                }

                entries[property.Name] = ParseEntry(path, property.Name, property.Value, dataLength);
            }

            long expected = 0;
            foreach (var info in entries.Values.OrderBy(e => e.Begin).ThenBy(e => e.End))
            {
                if (info.Begin != expected)
                {
                    throw new ModelLoadException(path, info.Name,
                        info.Begin < expected ? $"data range [{info.Begin}, {info.End}) overlaps another tensor" : $"hole in the data buffer before byte {info.Begin}");
                }

                expected = info.End;
            }

            if (expected != dataLength)
            {
                // As Hugging Face's reader refuses it: bytes no tensor claims mean a header that does not describe its file.
                throw new ModelLoadException(path, null, $"{dataLength - expected} bytes after the last tensor's data (the header describes {expected} of {dataLength})");
            }

            return (entries, metadata);
        }
    }

    private static SafeTensorInfo ParseEntry(string path, string name, JsonElement entry, long dataLength)
    {
        try
        {
            var code = entry.GetProperty("dtype").GetString() ?? "";
            if (!SafeTensorsDType.TryParse(code, out var type, out var size))
            {
                throw new ModelLoadException(path, name,
                    SafeTensorsDType.IsKnownButUnsupported(code) ? $"dtype {code} is not supported by TorchSharp" : $"unknown dtype '{code}'");
            }

            var shape = entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (shape.Any(d => d < 0))
            {
                throw new ModelLoadException(path, name, $"negative dimension in shape [{string.Join(", ", shape)}]");
            }

            var offsets = entry.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
            {
                throw new ModelLoadException(path, name, "data_offsets must be [begin, end] with 0 <= begin <= end");
            }

            var bytes = checked(shape.Aggregate(1L, (a, d) => a * d) * size);
            if (offsets[1] - offsets[0] != bytes)
            {
                throw new ModelLoadException(path, name, $"data_offsets span {offsets[1] - offsets[0]} bytes but dtype {code} and shape [{string.Join(", ", shape)}] need {bytes}");
            }

            if (offsets[1] > dataLength)
            {
                throw new ModelLoadException(path, name, $"truncated: data ends at byte {offsets[1]} of the buffer but the file holds only {dataLength}");
            }

            return new SafeTensorInfo(name, code, type, shape, offsets[0], offsets[1]);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new ModelLoadException(path, name, $"malformed header entry: {e.Message}", e);
        }
    }

    public void Dispose() => handle.Dispose();
}
