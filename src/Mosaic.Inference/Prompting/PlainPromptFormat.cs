using System.Text.Json;
using System.Text.Json.Nodes;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Prompting;

/// <summary>
/// The format of models trained on bare text (the demo zoo): system messages are ignored, the user text is
/// trimmed and followed by <see cref="Suffix"/> (the cue the model was trained to answer after). Declared in a
/// model folder as <c>prompt_format.json</c>: <c>{"format": "plain", "suffix": "\n"}</c>.
/// </summary>
public sealed class PlainPromptFormat(string suffix) : PromptFormat
{
    public const string FileName = "prompt_format.json";
    public const string FormatName = "plain";

    public string Suffix { get; } = suffix ?? throw new ArgumentNullException(nameof(suffix));

    public override string Source => $"plain prompt format (suffix {JsonSerializer.Serialize(Suffix)})";

    public override string Format(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = true)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.FirstOrDefault(m => m.Role is not ("system" or "user")) is { } other)
        {
            throw new PromptFormatException($"the plain prompt format writes user turns only, not a '{other.Role}' message");
        }

        var user = string.Join("\n", messages.Where(m => m.Role == "user").Select(m => m.Content.Trim()));
        return addGenerationPrompt ? user + Suffix : user;
    }

    /// <summary>Writes <c>prompt_format.json</c> into a model folder.</summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var document = new JsonObject { ["format"] = FormatName, ["suffix"] = Suffix };
        File.WriteAllText(Path.Combine(directory, FileName), document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Reads a <c>prompt_format.json</c>; a bad file is a <see cref="ModelLoadException"/> naming it and the field.</summary>
    public static PlainPromptFormat Load(string path)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new JsonException("empty document");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ModelLoadException(path, null, $"invalid JSON: {JsonErrorText.Describe(e)}", e);
        }

        var format = root["format"] is JsonValue f && f.TryGetValue<string>(out var name) ? name : null;
        if (format != FormatName)
        {
            throw new ModelLoadException(path, null, $"field 'format' must be \"{FormatName}\", got {root["format"]?.ToJsonString() ?? "nothing"}");
        }

        return root["suffix"] is JsonValue s && s.TryGetValue<string>(out var suffix)
            ? new PlainPromptFormat(suffix)
            : throw new ModelLoadException(path, null, "field 'suffix' must be a string");
    }
}
