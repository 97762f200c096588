using System.Text.RegularExpressions;

namespace Mosaic.Aggregation.Extraction;

/// <summary>
/// Extracts the final answer from a model's free-form response, in canonical form (see
/// <see cref="AnswerCanonicalizer"/>). Reasoning up to the last <c>&lt;/think&gt;</c> is dropped first. Never throws on
/// any string; a response without an answer gives <see cref="ExtractionResult.Failed"/>.
/// </summary>
public static partial class AnswerExtractor
{
    /// <summary>The canonical answer, or null when extraction fails.</summary>
    public static string? Extract(string? text, AnswerFormat format, char lastOptionLetter = 'J') =>
        ExtractDetailed(text, format, lastOptionLetter).Answer;

    /// <summary>The canonical answer and the rule that found it.</summary>
    /// <param name="lastOptionLetter">The last option letter of a multiple-choice question: J for MMLU-Pro, D for MMLU.</param>
    public static ExtractionResult ExtractDetailed(string? text, AnswerFormat format, char lastOptionLetter = 'J')
    {
        var last = char.ToUpperInvariant(lastOptionLetter);
        if (last is < 'A' or > 'Z')
        {
            throw new ArgumentOutOfRangeException(nameof(lastOptionLetter), lastOptionLetter, "must be a letter");
        }

        if (string.IsNullOrEmpty(text))
        {
            return ExtractionResult.Failed;
        }

        var response = ReasoningTrace.Strip(text);
        return format switch
        {
            AnswerFormat.Auto => Auto(response, last),
            AnswerFormat.MultipleChoice => MultipleChoice(response, last),
            AnswerFormat.Boxed => Boxed(response, last) ?? ExtractionResult.Failed,
            AnswerFormat.Gsm8k => Gsm8k(response),
            AnswerFormat.Number => Found(NumberScanner.Last(LatexText.Normalize(response)), ExtractionRule.LastNumber),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown answer format"),
        };
    }

    // MMLU-Pro's order: "answer is (X)", then "Answer: X", then the last stand-alone letter. The first statement
    // wins, as in MMLU-Pro, because few-shot continuations often go on to invent and answer further questions.
    private static ExtractionResult MultipleChoice(string response, char last)
    {
        var s = LatexText.Normalize(response);
        if (ChoiceLetters.AfterAnswerIs(s, last, first: true) is { } stated)
        {
            return Letter(stated, ExtractionRule.AnswerIs);
        }

        if (Boxed(response, last) is { Answer: { Length: 1 } boxed } && boxed[0] >= 'A' && boxed[0] <= last)
        {
            return new ExtractionResult(boxed, ExtractionRule.Boxed);
        }

        if (ChoiceLetters.AfterAnswerLabel(s, last, first: true) is { } labelled)
        {
            return Letter(labelled, ExtractionRule.AnswerLabel);
        }

        return ChoiceLetters.LastStandalone(s, last) is { } standalone
            ? Letter(standalone, ExtractionRule.StandaloneLetter)
            : ExtractionResult.Failed;
    }

    private static ExtractionResult? Boxed(string response, char last)
    {
        var content = BoxedScanner.LastContent(response);
        var answer = AnswerCanonicalizer.Canonicalize(content, last);
        return answer is null ? null : new ExtractionResult(answer, ExtractionRule.Boxed);
    }

    private static ExtractionResult Gsm8k(string response)
    {
        var s = LatexText.Normalize(response);
        return Hashes(s)
            ?? NumberAfterPhrase(s)
            ?? Found(NumberScanner.Last(s), ExtractionRule.LastNumber);
    }

    private static ExtractionResult Auto(string response, char last)
    {
        if (Boxed(response, last) is { } boxed)
        {
            return boxed;
        }

        var s = LatexText.Normalize(response);
        if (Hashes(s) is { } hashes)
        {
            return hashes;
        }

        if (LastStatedAnswer(s, last) is { } stated)
        {
            return stated;
        }

        var bare = AnswerCanonicalizer.Canonicalize(s, last);
        if (bare is not null && (NumberScanner.Whole(bare) is not null || bare is [>= 'A' and <= 'Z'] && bare[0] <= last))
        {
            return new ExtractionResult(bare, ExtractionRule.BareAnswer);
        }

        return Found(NumberScanner.Last(s), ExtractionRule.LastNumber);
    }

    private static ExtractionResult? Hashes(string s)
    {
        string? found = null;
        foreach (Match match in HashMarker().Matches(s))
        {
            found = NumberScanner.At(s, match.Index + match.Length) ?? found;
        }

        return found is null ? null : new ExtractionResult(found, ExtractionRule.Hashes);
    }

    private static ExtractionResult? NumberAfterPhrase(string s)
    {
        ExtractionResult? found = null;
        foreach (Match match in AnswerPhrase().Matches(s))
        {
            if (NumberScanner.At(s, match.Index + match.Length) is { } number)
            {
                found = new ExtractionResult(number, RuleOf(match));
            }
        }

        return found;
    }

    // The last answer phrase that states a letter or a number right after it.
    private static ExtractionResult? LastStatedAnswer(string s, char last)
    {
        ExtractionResult? found = null;
        foreach (Match match in AnswerPhrase().Matches(s))
        {
            var end = match.Index + match.Length;
            if (ChoiceLetters.ReadAt(s, end, last) is { } letter)
            {
                found = Letter(letter, RuleOf(match));
            }
            else if (NumberScanner.At(s, end) is { } number)
            {
                found = new ExtractionResult(number, RuleOf(match));
            }
        }

        return found;
    }

    private static ExtractionRule RuleOf(Match match) =>
        match.Groups["label"].Success ? ExtractionRule.AnswerLabel : ExtractionRule.AnswerIs;

    private static ExtractionResult Letter(char letter, ExtractionRule rule) => new(letter.ToString(), rule);

    private static ExtractionResult Found(string? answer, ExtractionRule rule) =>
        answer is null ? ExtractionResult.Failed : new ExtractionResult(answer, rule);

    [GeneratedRegex(@"####", RegexOptions.CultureInvariant)]
    private static partial Regex HashMarker();

    [GeneratedRegex(@"\b(?:answer\s+is|(?<label>answer\s*:))\s*:?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AnswerPhrase();
}
