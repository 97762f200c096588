namespace Mosaic.Inference.Tokenization.Decoders;

/// <summary>tokenizer.json <c>Strip</c> decoder: removes up to <c>start</c> leading and <c>stop</c> trailing copies of a character from each token.</summary>
internal sealed class StripDecoder(char content, int start, int stop) : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens, List<bool> added) => tokens.Select(Strip).ToList();

    private string Strip(string token)
    {
        var begin = 0;
        while (begin < start && begin < token.Length && token[begin] == content)
        {
            begin++;
        }

        var end = token.Length;
        for (var i = 0; i < stop && end > begin && token[end - 1] == content; i++)
        {
            end--;
        }

        return token[begin..end];
    }
}
