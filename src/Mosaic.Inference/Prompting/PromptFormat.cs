using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Prompting;

/// <summary>
/// How a model wants a conversation written: the one place a request becomes the model's input text. A loaded
/// model's format comes from its folder (<see cref="PromptFormatLoader"/>): a declared <c>prompt_format.json</c>,
/// else the checkpoint's own chat template, else its family's default.
/// </summary>
public abstract class PromptFormat
{
    /// <summary>What the format is and where it came from, for logs and error messages.</summary>
    public abstract string Source { get; }

    /// <summary>End-of-turn markers to treat like EOS, besides the model's configured EOS ids.</summary>
    public virtual IReadOnlyList<string> StopTokens => [];

    /// <summary>
    /// False for a chat template that refuses a system message (<c>raise_exception('System role not supported')</c>, as
    /// several real templates do): <see cref="ModelTurns"/> then puts the system text at the head of the user turn.
    /// </summary>
    public virtual bool AcceptsSystemMessages => true;

    /// <summary>
    /// The model's input for <paramref name="messages"/> (roles system, user, assistant), ending with the opening
    /// of the assistant's turn when <paramref name="addGenerationPrompt"/>. Throws <see cref="PromptFormatException"/>
    /// for a conversation the format cannot write.
    /// </summary>
    public abstract string Format(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = true);
}
