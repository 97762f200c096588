namespace Mosaic.Inference.Generation;

/// <summary>
/// One prompt to complete. Temperature 0 means greedy; otherwise temperature + nucleus (top-p) sampling from a
/// generator seeded with <see cref="Seed"/>, so a seeded request gives the same text whatever it is batched with.
/// </summary>
public sealed record GenerationRequest
{
    public GenerationRequest()
    {
    }

    public GenerationRequest(string prompt, int maxNewTokens = 128)
    {
        Prompt = prompt;
        MaxNewTokens = maxNewTokens;
    }

    /// <summary>Caller's correlation id, echoed in the result.</summary>
    public string? Id { get; init; }

    /// <summary>Prompt text, already chat-formatted if the caller wants a template (see <c>ChatTemplate</c>).</summary>
    public string Prompt { get; init; } = "";

    /// <summary>Token ids to use instead of encoding <see cref="Prompt"/>.</summary>
    public IReadOnlyList<int>? PromptTokenIds { get; init; }

    public int MaxNewTokens { get; init; } = 128;

    public double Temperature { get; init; }

    public double TopP { get; init; } = 1.0;

    public long? Seed { get; init; }

    public IReadOnlyList<string> StopStrings { get; init; } = [];

    /// <summary>Keep generating past EOS (benchmarks with a fixed token count).</summary>
    public bool IgnoreEos { get; init; }

    /// <summary>
    /// Called on the engine's thread with the text generated so far (a growing prefix of the result's text, without a
    /// trailing incomplete character), at most once per <see cref="TextInterval"/>, while the sequence runs. It must
    /// return at once: every sequence of the batch waits for it.
    /// </summary>
    public Action<string>? OnText { get; init; }

    /// <summary>The least time between two <see cref="OnText"/> calls of this request.</summary>
    public TimeSpan TextInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    internal void Validate()
    {
        if (MaxNewTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), MaxNewTokens, "must be at least 1");
        }

        if (Temperature < 0 || !double.IsFinite(Temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "must be a finite number >= 0");
        }

        if (TextInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TextInterval), TextInterval, "must not be negative");
        }

        if (TopP is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "must be in (0, 1]");
        }
    }
}
