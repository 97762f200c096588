namespace Mosaic.Inference.Tokenization.PreTokenizers;

/// <summary>tokenizer.json <c>Metaspace</c> (SentencePiece): spaces become the replacement character (▁), which is prepended per scheme; optionally splits before each one.</summary>
internal sealed class MetaspacePreTokenizer(char replacement, MetaspacePrependScheme prependScheme, bool split) : IPreTokenizer
{
    public void PreTokenize(string piece, bool atStart, List<string> output)
    {
        var text = piece.Replace(' ', replacement);
        if (!text.StartsWith(replacement) && (prependScheme == MetaspacePrependScheme.Always || (prependScheme == MetaspacePrependScheme.First && atStart)))
        {
            text = replacement + text;
        }

        if (!split)
        {
            output.Add(text);
            return;
        }

        var delimiters = new List<(int, int)>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == replacement)
            {
                delimiters.Add((i, 1));
            }
        }

        PieceSplitter.Split(text, delimiters, SplitBehavior.MergedWithNext, invert: false, output);
    }
}
