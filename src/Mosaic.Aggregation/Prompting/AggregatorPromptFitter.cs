using Mosaic.Aggregation.Extraction;

namespace Mosaic.Aggregation.Prompting;

/// <summary>
/// Builds the aggregator prompt and trims it to the aggregator's token budget (context length minus the tokens it
/// may generate), so a long question never fails: reasoning traces are always stripped; then every response
/// longer than a common length is cut in its middle to that length, the length chosen as large as fits, so the
/// longest responses are cut first and most; the question is kept whole unless it does not fit even with every
/// response cut away. What was cut is returned in <see cref="AggregatorPrompt.Trimming"/>.
/// </summary>
public static class AggregatorPromptFitter
{
    /// <param name="question">The question, kept whole whenever that can fit.</param>
    /// <param name="responses">The experts' outputs (reasoning included; it is stripped).</param>
    /// <param name="format">The answer format the aggregator is asked to end with.</param>
    /// <param name="tokenBudget">Most prompt tokens allowed.</param>
    /// <param name="countTokens">Tokens of a prompt as the aggregator sees it: written in its prompt format and tokenized.</param>
    /// <param name="options">Length caps applied before fitting.</param>
    public static AggregatorPrompt Fit(
        string question,
        IReadOnlyList<string> responses,
        AnswerFormat format,
        int tokenBudget,
        Func<AggregatorPrompt, int> countTokens,
        AggregatorPromptOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(responses);
        ArgumentNullException.ThrowIfNull(countTokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(tokenBudget, 1);
        options ??= AggregatorPromptOptions.Default;
        options.Validate();

        var bodies = AggregatorPromptBuilder.Bodies(responses, options, out var truncated);
        var system = AggregatorPromptBuilder.SystemText(format, options);
        var whole = question.Trim();
        var stripped = responses.Count(r => r is not null && (ReasoningTrace.IsUnfinished(r) || ReasoningTrace.Strip(r).Length != r.Length));
        var full = new AggregatorPrompt(system, AggregatorPromptBuilder.User(whole, bodies), truncated);
        var before = countTokens(full);
        if (before <= tokenBudget)
        {
            return full with { Trimming = new AggregatorPromptTrimming(false, stripped, 0, 0, false, before, before, tokenBudget) };
        }

        (AggregatorPrompt Prompt, int Cut, int Omitted) Build(string q, int cap)
        {
            var omitted = 0;
            var cut = 0;
            var kept = bodies.Select(b =>
            {
                var shortened = ResponseTrimmer.Cut(b, cap, out var o);
                omitted += o;
                cut += o > 0 ? 1 : 0;
                return shortened;
            }).ToArray();
            return (new AggregatorPrompt(system, AggregatorPromptBuilder.User(q, kept), truncated), cut, omitted);
        }

        AggregatorPrompt Result((AggregatorPrompt Prompt, int Cut, int Omitted) built, int questionOmitted, int tokens) =>
            built.Prompt with
            {
                Trimming = new AggregatorPromptTrimming(true, stripped, built.Cut, built.Omitted + questionOmitted, questionOmitted > 0, before, tokens, tokenBudget),
            };

        // Largest common response length that fits; 0 leaves only the cut markers.
        var floor = Build(whole, 0);
        var floorTokens = countTokens(floor.Prompt);
        if (floorTokens <= tokenBudget)
        {
            var (cap, tokens) = LargestFitting(0, floorTokens, bodies.Select(b => b.Length).DefaultIfEmpty(0).Max() - 1, c => countTokens(Build(whole, c).Prompt), tokenBudget);
            return Result(Build(whole, cap), 0, tokens);
        }

        // The question alone does not fit: cut it too, as little as possible.
        int Omitted(int keep)
        {
            ResponseTrimmer.Cut(whole, keep, out var omitted);
            return omitted;
        }

        var shortest = Build(ResponseTrimmer.Cut(whole, 0, out _), 0);
        var shortestTokens = countTokens(shortest.Prompt);
        if (shortestTokens > tokenBudget)
        {
            return Result(shortest, Omitted(0), shortestTokens);
        }

        var (keep, fitted) = LargestFitting(0, shortestTokens, whole.Length - 1, k => countTokens(Build(ResponseTrimmer.Cut(whole, k, out _), 0).Prompt), tokenBudget);
        return Result(Build(ResponseTrimmer.Cut(whole, keep, out _), 0), Omitted(keep), fitted);
    }

    /// <summary>
    /// The largest length in [<paramref name="low"/>, <paramref name="high"/>] whose prompt fits, by bisection;
    /// <paramref name="low"/> is known to fit with <paramref name="lowTokens"/>, and only measured lengths are returned,
    /// so the result fits even where the count is not monotone in the length.
    /// </summary>
    private static (int Length, int Tokens) LargestFitting(int low, int lowTokens, int high, Func<int, int> tokensAt, int budget)
    {
        var best = (low, lowTokens);
        while (best.low < high)
        {
            var middle = best.low + ((high - best.low + 1) / 2);
            var tokens = tokensAt(middle);
            if (tokens <= budget)
            {
                best = (middle, tokens);
            }
            else
            {
                high = middle - 1;
            }
        }

        return best;
    }
}
