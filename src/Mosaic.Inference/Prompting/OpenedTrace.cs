namespace Mosaic.Inference.Prompting;

/// <summary>
/// The reasoning trace a rendered prompt opens for the model. DeepSeek-R1-Distill, R1-0528 and QwQ templates end the
/// generation prompt with <c>&lt;think&gt;\n</c>, so the model writes only the inside of its trace and the
/// <c>&lt;/think&gt;</c> that closes it. Put before the generated text, the opening makes the reply a whole trace that
/// every reader splits alike, as vLLM's deepseek_r1 reasoning parser takes everything before <c>&lt;/think&gt;</c> as thinking.
/// </summary>
public static class OpenedTrace
{
    private const string Open = "<think>";

    /// <summary>The prompt's tail from its last <c>&lt;think&gt;</c> when nothing but whitespace follows it; else empty.</summary>
    public static string Of(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var open = prompt.LastIndexOf(Open, StringComparison.Ordinal);
        return open >= 0 && string.IsNullOrWhiteSpace(prompt[(open + Open.Length)..]) ? prompt[open..] : "";
    }
}
