namespace Mosaic.Inference.Tokenization.PreTokenizers;

/// <summary>tokenizer.json <c>Sequence</c> of pre-tokenizers, each applied to every piece the previous one produced.</summary>
internal sealed class PreTokenizerSequence(IReadOnlyList<IPreTokenizer> steps) : IPreTokenizer
{
    public IReadOnlyList<IPreTokenizer> Steps => steps;

    public void PreTokenize(string piece, bool atStart, List<string> output)
    {
        List<string> current = [piece];
        foreach (var step in steps)
        {
            var next = new List<string>(current.Count * 2);
            for (var i = 0; i < current.Count; i++)
            {
                step.PreTokenize(current[i], atStart && i == 0, next);
            }

            current = next;
        }

        output.AddRange(current);
    }
}
