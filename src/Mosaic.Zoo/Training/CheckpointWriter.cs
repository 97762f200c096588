using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Mosaic.Inference.Prompting;
using TorchSharp;

namespace Mosaic.Zoo.Training;

/// <summary>
/// Writes a trained model as a Hugging Face folder the inference loader reads: config.json, model.safetensors
/// (float32, little-endian, header padded to 8 bytes), char_vocab.json and the prompt format it was trained on.
/// </summary>
internal static class CheckpointWriter
{
    public const string WeightsFile = "model.safetensors";

    public static void Save(TrainableDecoder model, string directory, PlainPromptFormat prompt)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "config.json"), model.Config.ToJson() + "\n");
        ZooVocabulary.Create().Save(directory);
        prompt.Save(directory);
        WriteSafeTensors(Path.Combine(directory, WeightsFile), model.NamedParameters.Select(p => (p.Name, (torch.Tensor)p.Parameter)));
    }

    internal static void WriteSafeTensors(string path, IEnumerable<(string Name, torch.Tensor Tensor)> tensors)
    {
        var header = new JsonObject { ["__metadata__"] = new JsonObject { ["format"] = "pt" } };
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, tensor) in tensors)
        {
            using var cpu = tensor.detach().cpu().contiguous().to(torch.ScalarType.Float32);
            var values = cpu.data<float>().ToArray();
            var bytes = new byte[values.Length * sizeof(float)];
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
            }

            header[name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(cpu.shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            blobs.Add(bytes);
            offset += bytes.Length;
        }

        var json = header.ToJsonString();
        json += new string(' ', (8 - Encoding.UTF8.GetByteCount(json) % 8) % 8);
        var headerBytes = Encoding.UTF8.GetBytes(json);
        using var stream = File.Create(path);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)headerBytes.Length);
        stream.Write(prefix);
        stream.Write(headerBytes);
        foreach (var blob in blobs)
        {
            stream.Write(blob);
        }
    }
}
