using System.Buffers.Binary;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Mosaic.Inference.SafeTensors;

/// <summary>Writes tensors as safetensors: names sorted, header padded with spaces so data starts 8-byte aligned.</summary>
internal static class SafeTensorsWriter
{
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var ordered = tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, tensor) in ordered)
            {
                var bytes = tensor.NumberOfElements * SafeTensorsDType.Size(tensor.dtype);
                json.WriteStartObject(name);
                json.WriteString("dtype", SafeTensorsDType.Code(tensor.dtype));
                json.WriteStartArray("shape");
                foreach (var d in tensor.shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }

            json.WriteEndObject();
        }

        var header = buffer.ToArray().AsEnumerable().ToList();
        while ((8 + header.Count) % 8 != 0)
        {
            header.Add((byte)' ');
        }

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Count);
        file.Write(prefix);
        file.Write(header.ToArray());
        foreach (var (_, tensor) in ordered)
        {
            using var scope = NewDisposeScope();
            var cpu = tensor.device_type == DeviceType.CPU ? tensor.contiguous() : tensor.cpu().contiguous();
            file.Write(cpu.bytes);
        }
    }
}
