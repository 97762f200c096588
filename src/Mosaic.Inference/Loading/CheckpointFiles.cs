using System.Text.Json;
using Mosaic.Inference.SafeTensors;

namespace Mosaic.Inference.Loading;

/// <summary>
/// The open safetensors files of a model folder: <c>model.safetensors</c>, or the shards listed in
/// <c>model.safetensors.index.json</c>. Opening parses and checks every header; a tensor stored twice, or an index
/// whose weight_map disagrees with the shards, is an error naming the file and tensor.
/// </summary>
internal sealed class CheckpointFiles : IDisposable
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    private readonly List<SafeTensorsFile> files;
    private readonly Dictionary<string, SafeTensorsFile> owner;

    private CheckpointFiles(List<SafeTensorsFile> files, Dictionary<string, SafeTensorsFile> owner, string description)
    {
        this.files = files;
        this.owner = owner;
        Description = description;
    }

    /// <summary>The file to name when a tensor is missing: the single file or the shard index.</summary>
    public string Description { get; }

    /// <summary>Which file holds each tensor.</summary>
    public IReadOnlyDictionary<string, SafeTensorsFile> Owner => owner;

    public static CheckpointFiles Open(string directory)
    {
        var single = Path.Combine(directory, SingleFile);
        if (File.Exists(single))
        {
            var file = SafeTensorsFile.Open(single);
            return new CheckpointFiles([file], file.Tensors.Keys.ToDictionary(n => n, _ => file, StringComparer.Ordinal), single);
        }

        var index = Path.Combine(directory, IndexFile);
        if (!File.Exists(index))
        {
            throw new ModelLoadException(directory, null, $"no {SingleFile} or {IndexFile} found");
        }

        var weightMap = ReadWeightMap(index);
        var opened = new List<SafeTensorsFile>();
        try
        {
            var owner = new Dictionary<string, SafeTensorsFile>(StringComparer.Ordinal);
            foreach (var shard in weightMap.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                if (shard.Length == 0 || Path.GetFileName(shard) != shard)
                {
                    throw new ModelLoadException(index, null, $"weight_map names '{shard}', which is not a file name in the model folder");
                }

                var file = SafeTensorsFile.Open(Path.Combine(directory, shard));
                opened.Add(file);
                foreach (var name in file.Tensors.Keys)
                {
                    if (owner.TryGetValue(name, out var other))
                    {
                        throw new ModelLoadException(file.Path, name, $"also stored in {other.Path}");
                    }

                    if (!weightMap.TryGetValue(name, out var listed) || listed != shard)
                    {
                        throw new ModelLoadException(file.Path, name, listed is null ? $"not listed in {IndexFile}" : $"{IndexFile} places it in {listed}");
                    }

                    owner[name] = file;
                }
            }

            foreach (var (name, shard) in weightMap.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (!owner.ContainsKey(name))
                {
                    throw new ModelLoadException(Path.Combine(directory, shard), name, $"listed in {IndexFile} but not present in the file");
                }
            }

            return new CheckpointFiles(opened, owner, index);
        }
        catch
        {
            opened.ForEach(f => f.Dispose());
            throw;
        }
    }

    private static Dictionary<string, string> ReadWeightMap(string index)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(index));
            return document.RootElement.GetProperty("weight_map").EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new ModelLoadException(index, null, $"invalid shard index: {JsonErrorText.Describe(e)}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(index, null, $"cannot be read: {e.Message}", e);
        }
    }

    public void Dispose() => files.ForEach(f => f.Dispose());
}
