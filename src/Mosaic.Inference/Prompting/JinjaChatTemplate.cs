using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mosaic.Inference.Prompting.Jinja;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Prompting;

/// <summary>
/// A Hugging Face checkpoint's own chat template (<c>chat_template.jinja</c>, else <c>chat_template</c> in
/// <c>tokenizer_config.json</c>), rendered the way <c>apply_chat_template</c> does: variables <c>messages</c>,
/// <c>add_generation_prompt</c>, <c>tools</c> and <c>documents</c> (none) and the special tokens
/// (<c>bos_token</c>, <c>eos_token</c>, …), with <c>trim_blocks</c> and <c>lstrip_blocks</c>.
/// </summary>
public sealed class JinjaChatTemplate : PromptFormat
{
    public const string ConfigFileName = "tokenizer_config.json";
    public const string TemplateFileName = "chat_template.jinja";

    private static readonly string[] SpecialTokenFields = ["bos_token", "eos_token", "unk_token", "pad_token", "sep_token", "cls_token", "mask_token"];

    private readonly JinjaTemplate template;
    private readonly IReadOnlyDictionary<string, object?> specialTokens;
    private bool acceptsSystemMessages = true;

    private JinjaChatTemplate(JinjaTemplate template, string source, IReadOnlyDictionary<string, object?> specialTokens, IReadOnlyList<string> stopTokens)
    {
        this.template = template;
        this.specialTokens = specialTokens;
        Source = source;
        StopTokens = stopTokens;
    }

    public override string Source { get; }

    public override IReadOnlyList<string> StopTokens { get; }

    public override bool AcceptsSystemMessages => acceptsSystemMessages;

    /// <summary>The template text's special tokens by variable name (bos_token, eos_token, …).</summary>
    public IReadOnlyDictionary<string, object?> SpecialTokens => specialTokens;

    /// <summary>
    /// Parses a template; <paramref name="origin"/> names the file in errors. A template that uses anything the
    /// interpreter does not implement, or cannot render a single user message, is a <see cref="ModelLoadException"/>.
    /// </summary>
    public static JinjaChatTemplate Parse(
        string templateText, string origin, IReadOnlyDictionary<string, string>? specialTokens = null, IReadOnlyList<string>? stopTokens = null)
    {
        ArgumentNullException.ThrowIfNull(templateText);
        JinjaTemplate parsed;
        try
        {
            parsed = JinjaTemplate.Parse(templateText);
        }
        catch (JinjaException e)
        {
            throw new ModelLoadException(origin, null, $"chat template: {e.Message}", e);
        }

        var tokens = (specialTokens ?? new Dictionary<string, string>()).ToDictionary(kv => kv.Key, kv => (object?)kv.Value, StringComparer.Ordinal);
        var eos = specialTokens?.GetValueOrDefault("eos_token");
        var stops = (stopTokens ?? []).Concat(eos is null ? [] : [eos]).Distinct(StringComparer.Ordinal).ToList();
        var result = new JinjaChatTemplate(parsed, $"chat template of {origin}", tokens, stops);
        const string probe = "Hello";
        try
        {
            if (!result.Format([new ChatMessage("user", probe)]).Contains(probe, StringComparison.Ordinal))
            {
                throw new ModelLoadException(origin, null, "chat template: a user message does not appear in the rendered prompt");
            }
        }
        catch (PromptFormatException e)
        {
            throw new ModelLoadException(origin, null, $"chat template cannot render one user message: {e.InnerException?.Message ?? e.Message}", e);
        }

        try
        {
            result.Format([new ChatMessage("system", "System."), new ChatMessage("user", probe)]);
        }
        catch (PromptFormatException)
        {
            // Every MoA call sends an instruction as a system message; until 2026-12-05 such a model failed every call.
            result.acceptsSystemMessages = false;
        }

        return result;
    }

    /// <summary>The chat template of a model folder, or null when the checkpoint has none.</summary>
    public static JinjaChatTemplate? FromModelFolder(string directory, IReadOnlyList<string>? stopTokens = null)
    {
        var configPath = Path.Combine(directory, ConfigFileName);
        var config = File.Exists(configPath) ? ReadConfig(configPath) : null;
        var specialTokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in SpecialTokenFields)
        {
            if (TokenText(config?[field]) is { } text)
            {
                specialTokens[field] = text;
            }
        }

        var templatePath = Path.Combine(directory, TemplateFileName);
        if (File.Exists(templatePath))
        {
            return Parse(File.ReadAllText(templatePath), templatePath, specialTokens, stopTokens);
        }

        return config is not null && TemplateText(config["chat_template"], configPath) is { } text2
            ? Parse(text2, configPath, specialTokens, stopTokens)
            : null;
    }

    public override string Format(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = true) => Format(messages, addGenerationPrompt, null);

    /// <summary>
    /// Renders with extra template variables (for example <c>enable_thinking = false</c> for Qwen3); values may be
    /// strings, numbers, booleans, null, lists and string-keyed dictionaries.
    /// </summary>
    public string Format(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, IReadOnlyDictionary<string, object?>? variables)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var context = new Dictionary<string, object?>(specialTokens, StringComparer.Ordinal)
        {
            ["messages"] = messages.Select(m => (object?)new Dictionary<string, object?>(StringComparer.Ordinal) { ["role"] = m.Role, ["content"] = m.Content }).ToList(),
            ["add_generation_prompt"] = addGenerationPrompt,
            ["tools"] = null,
            ["documents"] = null,
        };
        foreach (var (name, value) in variables ?? new Dictionary<string, object?>())
        {
            context[name] = ToTemplateValue(value);
        }

        try
        {
            return template.Render(context);
        }
        catch (JinjaException e)
        {
            throw new PromptFormatException($"{Source}: {e.Message}", e);
        }
    }

    private static JsonObject ReadConfig(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new JsonException("empty document");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ModelLoadException(path, null, $"invalid tokenizer_config.json: {JsonErrorText.Describe(e)}", e);
        }
    }

    private static string? TokenText(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonObject o when o["content"] is JsonValue c && c.TryGetValue<string>(out var s) => s,
        _ => null,
    };

    // A list of named templates (transformers' multi-template form) uses the one named "default".
    private static string? TemplateText(JsonNode? node, string path) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray list => list.OfType<JsonObject>().FirstOrDefault(t => t["name"]?.GetValue<string>() == "default")?["template"]?.GetValue<string>()
            ?? throw new ModelLoadException(path, null, "field 'chat_template' is a list without a template named \"default\""),
        _ => throw new ModelLoadException(path, null, "field 'chat_template' must be a string or a list of named templates"),
    };

    private static object? ToTemplateValue(object? value) => value switch
    {
        null or string or bool or long or double => value,
        int i => (long)i,
        float f => (double)f,
        IDictionary<string, object?> d => d.ToDictionary(kv => kv.Key, kv => ToTemplateValue(kv.Value), StringComparer.Ordinal),
        IEnumerable e => e.Cast<object?>().Select(ToTemplateValue).ToList(),
        _ => throw new ArgumentException($"a template variable cannot be a {value.GetType().Name}"),
    };
}
