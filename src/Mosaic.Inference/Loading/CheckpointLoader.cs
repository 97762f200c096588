using System.Text.Json;
using Mosaic.Inference.Modules;
using Mosaic.Inference.SafeTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Mosaic.Inference.Loading;

/// <summary>
/// Fills a freshly built (uninitialised) model from a Hugging Face folder: <c>model.safetensors</c>, or shards
/// listed in <c>model.safetensors.index.json</c>. Every expected tensor must be present with the shape config.json
/// implies; extra tensors (e.g. old <c>rotary_emb.inv_freq</c>) are ignored.
/// </summary>
internal static class CheckpointLoader
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    public static void Load(CausalLanguageModel model, string directory)
    {
        var files = OpenFiles(directory);
        try
        {
            var owner = new Dictionary<string, SafeTensorsFile>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                foreach (var name in file.Tensors.Keys)
                {
                    owner[name] = file;
                }
            }

            using var _ = torch.no_grad();
            foreach (var (name, parameter) in model.CheckpointParameters())
            {
                if (!owner.TryGetValue(name, out var file))
                {
                    throw new ModelLoadException(files.Count == 1 ? files[0].Path : Path.Combine(directory, IndexFile), name, "missing from the checkpoint");
                }

                var info = file.Info(name);
                if (!info.Shape.SequenceEqual(parameter.shape))
                {
                    throw new ModelLoadException(file.Path, name,
                        $"shape [{string.Join(", ", info.Shape)}] contradicts config.json, which implies [{string.Join(", ", parameter.shape)}]");
                }

                file.ReadInto(name, parameter);
            }
        }
        finally
        {
            foreach (var file in files)
            {
                file.Dispose();
            }
        }
    }

    public static void Save(CausalLanguageModel model, string directory)
    {
        Directory.CreateDirectory(directory);
        var tensors = model.CheckpointParameters().Select(p => new KeyValuePair<string, Tensor>(p.Name, p.Parameter));
        SafeTensorsWriter.Write(Path.Combine(directory, SingleFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
    }

    private static List<SafeTensorsFile> OpenFiles(string directory)
    {
        var single = Path.Combine(directory, SingleFile);
        if (File.Exists(single))
        {
            return [SafeTensorsFile.Open(single)];
        }

        var index = Path.Combine(directory, IndexFile);
        if (!File.Exists(index))
        {
            throw new ModelLoadException(directory, null, $"no {SingleFile} or {IndexFile} found");
        }

        List<string> shards;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(index));
            shards = document.RootElement.GetProperty("weight_map").EnumerateObject()
                .Select(p => p.Value.GetString() ?? "").Distinct().ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ModelLoadException(index, null, $"invalid shard index: {e.Message}", e);
        }

        var opened = new List<SafeTensorsFile>();
        try
        {
            foreach (var shard in shards)
            {
                opened.Add(SafeTensorsFile.Open(Path.Combine(directory, shard)));
            }
        }
        catch
        {
            foreach (var file in opened)
            {
                file.Dispose();
            }

            throw;
        }

        return opened;
    }
}
