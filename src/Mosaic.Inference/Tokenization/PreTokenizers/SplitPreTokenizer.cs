namespace Mosaic.Inference.Tokenization.PreTokenizers;

/// <summary>tokenizer.json <c>Split</c>: a regex (on code points) or a literal string, with a delimiter behavior.</summary>
internal sealed class SplitPreTokenizer(CodePointRegex pattern, SplitBehavior behavior, bool invert) : IPreTokenizer
{
    public CodePointRegex Pattern => pattern;

    public void PreTokenize(string piece, bool atStart, List<string> output) =>
        PieceSplitter.Split(piece, pattern.Matches(piece), behavior, invert, output);
}
