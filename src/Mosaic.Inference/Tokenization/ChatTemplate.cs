using System.Text;
using Mosaic.Inference.Prompting;

namespace Mosaic.Inference.Tokenization;

/// <summary>
/// The fallback chat template per model family, for checkpoints that ship none (what the families' Jinja templates
/// produce for plain text turns, without their default system prompts). <see cref="StopTokens"/> are the family's
/// end-of-turn markers, to be treated like EOS also when the checkpoint's own template is used.
/// </summary>
public sealed class ChatTemplate : PromptFormat
{
    private ChatTemplate(ModelFamily family) => Family = family;

    public ModelFamily Family { get; }

    public static ChatTemplate For(ModelFamily family) => new(family);

    /// <summary>Chooses the family from the tokenizer's special tokens, then from config.json's model_type.</summary>
    public static ChatTemplate Detect(ITextTokenizer tokenizer, string modelType)
    {
        if (tokenizer.TokenToId("<｜User｜>") is not null)
        {
            return new(ModelFamily.DeepSeekR1);
        }

        if (tokenizer.TokenToId("<|im_start|>") is not null)
        {
            return new(ModelFamily.Qwen2);
        }

        if (tokenizer.TokenToId("<|start_header_id|>") is not null)
        {
            return new(ModelFamily.Llama3);
        }

        return new(modelType.StartsWith("qwen2", StringComparison.Ordinal) && tokenizer is ByteLevelBpeTokenizer ? ModelFamily.Qwen2 : ModelFamily.RoleLabels);
    }

    public override string Source => $"default {Family} chat template";

    public override IReadOnlyList<string> StopTokens => Family switch
    {
        ModelFamily.Qwen2 => ["<|im_end|>", "<|endoftext|>"],
        ModelFamily.DeepSeekR1 => ["<｜end▁of▁sentence｜>"],
        ModelFamily.Llama3 => ["<|eot_id|>", "<|end_of_text|>"],
        _ => [],
    };

    /// <summary>Renders the conversation, ending with the assistant's opening when <paramref name="addGenerationPrompt"/>.</summary>
    public override string Format(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = true)
    {
        var text = new StringBuilder();
        switch (Family)
        {
            case ModelFamily.Qwen2:
                foreach (var m in messages)
                {
                    text.Append("<|im_start|>").Append(m.Role).Append('\n').Append(m.Content).Append("<|im_end|>\n");
                }

                if (addGenerationPrompt)
                {
                    text.Append("<|im_start|>assistant\n");
                }

                break;
            case ModelFamily.DeepSeekR1:
                text.Append("<｜begin▁of▁sentence｜>");
                foreach (var m in messages.Where(m => m.Role == "system"))
                {
                    text.Append(m.Content);
                }

                foreach (var m in messages.Where(m => m.Role != "system"))
                {
                    if (m.Role == "user")
                    {
                        text.Append("<｜User｜>").Append(m.Content);
                    }
                    else
                    {
                        text.Append("<｜Assistant｜>").Append(m.Content).Append("<｜end▁of▁sentence｜>");
                    }
                }

                if (addGenerationPrompt)
                {
                    text.Append("<｜Assistant｜><think>\n");
                }

                break;
            case ModelFamily.Llama3:
                text.Append("<|begin_of_text|>");
                foreach (var m in messages)
                {
                    text.Append("<|start_header_id|>").Append(m.Role).Append("<|end_header_id|>\n\n").Append(m.Content).Append("<|eot_id|>");
                }

                if (addGenerationPrompt)
                {
                    text.Append("<|start_header_id|>assistant<|end_header_id|>\n\n");
                }

                break;
            default:
                foreach (var m in messages)
                {
                    text.Append(Capitalize(m.Role)).Append(": ").Append(m.Content).Append('\n');
                }

                if (addGenerationPrompt)
                {
                    text.Append("Assistant: ");
                }

                break;
        }

        return text.ToString();
    }

    private static string Capitalize(string role) => role.Length == 0 ? role : char.ToUpperInvariant(role[0]) + role[1..];
}
