using System.Text;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Generation;

/// <summary>
/// The text of a growing list of generated tokens, decoding only the tokens since the last update and the few before
/// them: decoding the whole list on every report would cost a long generation its length squared. The tokens before
/// the new ones are decoded with them as context, so a decoder that treats a list's first token specially (a
/// SentencePiece leading space) does so on both sides of the difference taken; text ending in an incomplete byte-level
/// character (U+FFFD) waits for the token that completes it.
/// </summary>
internal sealed class IncrementalText(ITextTokenizer tokenizer)
{
    private const char Incomplete = '\uFFFD';
    private readonly StringBuilder _text = new();
    private int _contextStart;
    private int _newStart;

    /// <summary>The text of <paramref name="ids"/> (which extends the list of the previous call) up to its last complete character.</summary>
    public string Update(List<int> ids)
    {
        var context = tokenizer.Decode(ids.GetRange(_contextStart, _newStart - _contextStart));
        var current = tokenizer.Decode(ids.GetRange(_contextStart, ids.Count - _contextStart));
        if (current.Length > context.Length && current[^1] != Incomplete)
        {
            if (current.StartsWith(context, StringComparison.Ordinal))
            {
                _text.Append(current, context.Length, current.Length - context.Length);
            }
            else
            {
                // A decoder whose text of a longer list does not begin with that of the shorter one: decode it all.
                _text.Clear().Append(tokenizer.Decode(ids));
            }

            (_contextStart, _newStart) = (_newStart, ids.Count);
        }

        return _text.ToString();
    }
}
