using System.Globalization;
using System.Text;

namespace Mosaic.Inference.Tokenization.Decoders;

/// <summary>
/// tokenizer.json <c>ByteFallback</c>: runs of <c>&lt;0xXX&gt;</c> tokens become the UTF-8 text they encode; a run that
/// is not valid UTF-8 becomes one U+FFFD per byte, as in Hugging Face's Rust implementation.
/// </summary>
internal sealed class ByteFallbackDecoder : ITokenDecoder
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public List<string> DecodeChain(List<string> tokens, List<bool> added)
    {
        var result = new List<string>(tokens.Count);
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            if (token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
                && byte.TryParse(token.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                continue;
            }

            Flush(bytes, result);
            result.Add(token);
        }

        Flush(bytes, result);
        return result;
    }

    private static void Flush(List<byte> bytes, List<string> result)
    {
        if (bytes.Count == 0)
        {
            return;
        }

        try
        {
            result.Add(Strict.GetString(bytes.ToArray()));
        }
        catch (DecoderFallbackException)
        {
            result.AddRange(Enumerable.Repeat("\uFFFD", bytes.Count));
        }

        bytes.Clear();
    }
}
