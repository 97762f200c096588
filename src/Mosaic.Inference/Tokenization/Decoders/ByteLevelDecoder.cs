using System.Text;

namespace Mosaic.Inference.Tokenization.Decoders;

/// <summary>
/// tokenizer.json <c>ByteLevel</c> decoder: maps the characters of each run of vocabulary tokens back to bytes and
/// decodes them as UTF-8 (invalid sequences become U+FFFD); added tokens stay as written.
/// </summary>
internal sealed class ByteLevelDecoder : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens, List<bool> added)
    {
        var result = new List<string>();
        var bytes = new List<byte>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (added[i])
            {
                Flush(bytes, result);
                result.Add(tokens[i]);
                continue;
            }

            foreach (var c in tokens[i])
            {
                if (ByteLevelAlphabet.TryGetByte(c, out var b))
                {
                    bytes.Add(b);
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                }
            }
        }

        Flush(bytes, result);
        return result;
    }

    private static void Flush(List<byte> bytes, List<string> result)
    {
        if (bytes.Count > 0)
        {
            result.Add(Encoding.UTF8.GetString(bytes.ToArray()));
            bytes.Clear();
        }
    }
}
