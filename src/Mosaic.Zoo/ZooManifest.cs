using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mosaic.Zoo;

/// <summary><c>models/zoo/manifest.json</c>: how every model was built and what it scored.</summary>
public sealed record ZooManifest(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("tokenizer")] string Tokenizer,
    [property: JsonPropertyName("test_questions")] int TestQuestions,
    [property: JsonPropertyName("calibration_questions")] int CalibrationQuestions,
    [property: JsonPropertyName("training_wall_seconds")] double TrainingWallSeconds,
    [property: JsonPropertyName("experts")] IReadOnlyList<ManifestEntry> Experts,
    [property: JsonPropertyName("aggregator")] ManifestEntry Aggregator)
{
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static ZooManifest Load(string zooDirectory)
    {
        var path = Path.Combine(zooDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new ZooException($"no zoo manifest at {path} (run `mosaic zoo train` first)");
        }

        try
        {
            return JsonSerializer.Deserialize<ZooManifest>(File.ReadAllText(path), Options)
                ?? throw new JsonException("empty document");
        }
        catch (JsonException e)
        {
            throw new ZooException($"{path}: invalid zoo manifest ({e.Message})", e);
        }
    }

    public void Save(string zooDirectory)
    {
        Directory.CreateDirectory(zooDirectory);
        File.WriteAllText(Path.Combine(zooDirectory, FileName), JsonSerializer.Serialize(this, Options) + "\n");
    }

    public IEnumerable<ManifestEntry> All => Experts.Append(Aggregator);
}
