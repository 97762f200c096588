using System.Text.RegularExpressions;

namespace Mosaic.Aggregation.Extraction;

/// <summary>Finds option letters (A up to a last letter, J for MMLU-Pro) in normalised text.</summary>
internal static partial class ChoiceLetters
{
    private static readonly string[] OptionWords = ["option", "choice"];

    /// <summary>
    /// Reads a letter stated right after an answer phrase: "C", "(C)", "[C]", "option C", "c." or "(c)".
    /// A lower-case letter counts only in brackets or before punctuation, so "the answer is a prime" is no letter.
    /// </summary>
    public static char? ReadAt(string s, int position, char last)
    {
        var i = SkipSpaces(s, position);
        foreach (var word in OptionWords)
        {
            if (string.Compare(s, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
                && !char.IsLetter(At(s, i + word.Length)))
            {
                i = SkipSpaces(s, i + word.Length);
                break;
            }
        }

        var bracketed = i < s.Length && s[i] is '(' or '[';
        if (bracketed)
        {
            i = SkipSpaces(s, i + 1);
        }

        if (i >= s.Length)
        {
            return null;
        }

        var c = s[i];
        var upper = char.ToUpperInvariant(c);
        if (upper < 'A' || upper > last || !char.IsAsciiLetter(c))
        {
            return null;
        }

        var next = At(s, i + 1);
        if (bracketed)
        {
            return next is ')' or ']' ? upper : null;
        }

        if (char.IsLetterOrDigit(next) || next is '\'' or '’' or '-' or '_')
        {
            return null;
        }

        if (char.IsLower(c))
        {
            return next is '\0' or '.' or ',' or ';' or '!' or '\n' or '\r' or ')' ? upper : null;
        }

        return c == 'I' && StartsLowerWord(s, i + 1) ? null : upper;
    }

    /// <summary>The letter after the first (or last) "the answer is" / "correct option is" phrase that states one.</summary>
    public static char? AfterAnswerIs(string s, char last, bool first) => AfterPattern(AnswerIs(), s, last, first);

    /// <summary>The letter after the first (or last) "Answer:" label that states one.</summary>
    public static char? AfterAnswerLabel(string s, char last, bool first) => AfterPattern(AnswerLabel(), s, last, first);

    /// <summary>
    /// The last upper-case option letter that stands on its own as an answer would. Skipped as not-an-answer: parts of
    /// words and abbreviations ("X-ray", "E. coli", "I'm"), "I" as a pronoun, "A" as an article opening a sentence,
    /// variables ("F = ma", "P(A)", "[A]", "$A$", "where D is"), units ("600 J"), and the labels of an options list
    /// echoed from the question.
    /// </summary>
    public static char? LastStandalone(string s, char last)
    {
        var listLabels = OptionListLabels(s);
        for (var i = s.Length - 1; i >= 0; i--)
        {
            var c = s[i];
            if (c >= 'A' && c <= last && IsStandalone(s, i) && !listLabels.Contains(i))
            {
                return c;
            }
        }

        return null;
    }

    private static char? AfterPattern(Regex pattern, string s, char last, bool first)
    {
        char? found = null;
        foreach (Match match in pattern.Matches(s))
        {
            var letter = ReadAt(s, match.Index + match.Length, last);
            if (letter is not null)
            {
                if (first)
                {
                    return letter;
                }

                found = letter;
            }
        }

        return found;
    }

    private static bool IsStandalone(string s, int i)
    {
        var c = s[i];
        var prev = At(s, i - 1);
        var next = At(s, i + 1);
        if (char.IsLetterOrDigit(prev) || prev is '_' or '\\' or '\'' or '’' or '-' or '^' or '{')
        {
            return false;
        }

        if (char.IsLetterOrDigit(next) || next is '_' or '\'' or '’' or '-' or '^')
        {
            return false;
        }

        // Abbreviations: "U.S.", "E.coli", "E. coli".
        if (next == '.' && (char.IsLetter(At(s, i + 2)) || (At(s, i + 2) == ' ' && char.IsLower(At(s, i + 3)))))
        {
            return false;
        }

        // Variables: "F = ma", "A + B", "P(A|B)", "f(B)", "[A]".
        if (IsOperator(PreviousNonSpace(s, i)) || IsOperator(NextNonSpace(s, i)))
        {
            return false;
        }

        if ((prev == '(' && char.IsLetter(At(s, i - 2))) || (prev == '[' && next == ']') || (prev == '$' && next == '$'))
        {
            return false;
        }

        // Units after a number ("600.5 J", "2 A") and named quantities ("where D is", "let C be").
        if (char.IsDigit(PreviousNonSpace(s, i)) || PreviousWordIs(s, i, "where") || PreviousWordIs(s, i, "let"))
        {
            return false;
        }

        if (c == 'I' && StartsLowerWord(s, i + 1))
        {
            return false;
        }

        return !(c == 'A' && StartsLowerWord(s, i + 1) && StartsSentence(s, i));
    }

    private static HashSet<int> OptionListLabels(string s)
    {
        var positions = new HashSet<int>();
        var letters = new HashSet<char>();
        foreach (Match match in ListLabel().Matches(s))
        {
            positions.Add(match.Groups[1].Index);
            letters.Add(match.Groups[1].Value[0]);
        }

        return letters.Count >= 3 ? positions : [];
    }

    private static bool PreviousWordIs(string s, int i, string word)
    {
        var end = i - 1;
        while (end >= 0 && s[end] == ' ')
        {
            end--;
        }

        var start = end - word.Length + 1;
        return end < i - 1
            && start >= 0
            && string.Compare(s, start, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
            && !char.IsLetter(At(s, start - 1));
    }

    private static bool StartsLowerWord(string s, int i) => At(s, i) == ' ' && char.IsLower(At(s, i + 1));

    private static bool StartsSentence(string s, int i)
    {
        var j = i - 1;
        while (j >= 0 && s[j] is ' ' or '\t' or '"' or '(' or '*' or '#')
        {
            j--;
        }

        return j < 0 || s[j] is '\n' or '\r' or '.' or '!' or '?' or ':';
    }

    private static char PreviousNonSpace(string s, int i)
    {
        var j = i - 1;
        while (j >= 0 && s[j] == ' ')
        {
            j--;
        }

        return At(s, j);
    }

    private static char NextNonSpace(string s, int i)
    {
        var j = i + 1;
        while (j < s.Length && s[j] == ' ')
        {
            j++;
        }

        return At(s, j);
    }

    private static bool IsOperator(char c) => c is '=' or '+' or '*' or '/' or '^' or '<' or '>' or '|' or '_' or '×' or '≤' or '≥';

    private static int SkipSpaces(string s, int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        return i;
    }

    private static char At(string s, int i) => i >= 0 && i < s.Length ? s[i] : '\0';

    [GeneratedRegex(@"\b(?:answer|correct\s+(?:option|choice))\s+is\s*:?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AnswerIs();

    [GeneratedRegex(@"\banswer\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AnswerLabel();

    [GeneratedRegex(@"(?m)^[ \t]*\(?([A-Z])[).:][ \t]", RegexOptions.CultureInvariant)]
    private static partial Regex ListLabel();
}
