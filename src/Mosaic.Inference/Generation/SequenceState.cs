using System.Diagnostics;
using TorchSharp;

namespace Mosaic.Inference.Generation;

/// <summary>A request in flight: its tokens, cache length, sampler, stop detection and timings.</summary>
internal sealed class SequenceState : IDisposable
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly HashSet<int> eos;
    private readonly LanguageModel model;
    private torch.Generator? generator;
    private TimeSpan queueTime;
    private TimeSpan? firstToken;
    private string? stoppedText;
    private TimeSpan textReportedAt;
    private IncrementalText? textSoFar;

    public SequenceState(LanguageModel model, GenerationRequest request, int[] promptIds, CancellationToken cancellation)
    {
        this.model = model;
        Request = request;
        PromptIds = promptIds;
        Cancellation = cancellation;
        eos = request.IgnoreEos ? [] : [.. model.StopTokenIds];
        Completion = new TaskCompletionSource<GenerationResult>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public GenerationRequest Request { get; }
    public int[] PromptIds { get; }
    public CancellationToken Cancellation { get; }
    public List<int> Generated { get; } = [];
    public TaskCompletionSource<GenerationResult> Completion { get; }

    /// <summary>
    /// Tokens already written to the KV cache: while prefilling, the prompt tokens done so far; afterwards the
    /// prompt plus all generated tokens but the newest.
    /// </summary>
    public int CacheLength { get; set; }

    /// <summary>The sequence's KV cache blocks in position order (its block table).</summary>
    public List<int> Blocks { get; } = [];

    /// <summary>Blocks set aside at admission for prompt plus MaxNewTokens, so a running sequence never runs out.</summary>
    public int ReservedBlocks { get; set; }

    /// <summary>True until the whole prompt is cached and the first token sampled.</summary>
    public bool IsPrefilling => Generated.Count == 0;

    /// <summary>KV tokens the sequence may need: prompt plus MaxNewTokens.</summary>
    public int MaxTokens => PromptIds.Length + Request.MaxNewTokens;

    public FinishReason? Finish { get; private set; }

    public int LastToken => Generated[^1];

    public void MarkAdmitted() => queueTime = clock.Elapsed;

    public torch.Generator Generator =>
        generator ??= new torch.Generator((ulong)(Request.Seed ?? Random.Shared.NextInt64()));

    public void Cancel() => Finish ??= FinishReason.Cancelled;

    /// <summary>Appends a sampled token and decides whether the sequence is done.</summary>
    public void Append(int token)
    {
        firstToken ??= clock.Elapsed;
        Generated.Add(token);
        if (eos.Contains(token))
        {
            Finish = FinishReason.Eos;
            return;
        }

        if (Request.StopStrings.Count > 0 && StopStringInTail())
        {
            // Decode everything only once a stop string is in sight, then cut before its first occurrence.
            var text = model.Tokenizer.Decode(Generated);
            var at = Request.StopStrings.Where(s => s.Length > 0).Select(s => text.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
            if (at >= 0)
            {
                stoppedText = text[..at];
                Finish = FinishReason.StopString;
                return;
            }
        }

        if (Generated.Count >= Request.MaxNewTokens)
        {
            Finish = FinishReason.Length;
            return;
        }

        ReportText();
    }

    /// <summary>
    /// The text so far to <see cref="GenerationRequest.OnText"/>, when one is due. Byte-level tokens can end inside a
    /// character, which decodes as U+FFFD until its last byte comes; that tail is left for a later report.
    /// </summary>
    private void ReportText()
    {
        if (Request.OnText is not { } onText || (textReportedAt != TimeSpan.Zero && clock.Elapsed - textReportedAt < Request.TextInterval))
        {
            return;
        }

        textReportedAt = clock.Elapsed;
        try
        {
            onText((textSoFar ??= new IncrementalText(model.Tokenizer)).Update(Generated));
        }
        catch (Exception)
        {
            // The listener's failure is not the generation's: this sequence goes on without reports.
            textReportedAt = TimeSpan.MaxValue;
        }
    }

    /// <summary>
    /// Whether a stop string occurs in the text of the newest tokens: a stop string of n chars spans at most 4n
    /// byte-level tokens, so the tail suffices and each step stays O(stop length) instead of O(output length).
    /// </summary>
    private bool StopStringInTail()
    {
        var longest = Request.StopStrings.Max(s => s.Length);
        var tail = model.Tokenizer.Decode(Generated.Skip(Math.Max(0, Generated.Count - 4 * longest - 4)));
        return Request.StopStrings.Any(s => s.Length > 0 && tail.Contains(s, StringComparison.Ordinal));
    }

    public GenerationResult ToResult()
    {
        var reason = Finish ?? FinishReason.Cancelled;
        var visible = reason == FinishReason.Eos ? Generated.Take(Generated.Count - 1) : Generated;
        var text = stoppedText ?? model.Tokenizer.Decode(visible);
        return new GenerationResult(Request.Id, text, Generated.ToArray(), PromptIds.Length, Generated.Count, reason, queueTime, clock.Elapsed, firstToken);
    }

    public void Dispose() => generator?.Dispose();
}
