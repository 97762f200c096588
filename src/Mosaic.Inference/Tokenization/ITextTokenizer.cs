namespace Mosaic.Inference.Tokenization;

/// <summary>Text ↔ token ids for one model. Implementations are immutable and thread-safe.</summary>
public interface ITextTokenizer
{
    /// <summary>Number of ids the tokenizer can produce (≤ the model's vocab_size).</summary>
    int VocabularySize { get; }

    /// <summary>Encodes text; special-token strings in the text (e.g. <c>&lt;|im_end|&gt;</c>) map to their ids.</summary>
    IReadOnlyList<int> Encode(string text);

    /// <summary>Decodes ids to text, leaving out special tokens.</summary>
    string Decode(IEnumerable<int> ids);

    /// <summary>The id of a (special) token string, if the vocabulary has it.</summary>
    int? TokenToId(string token);

    /// <summary>Writes the tokenizer's files into a model folder so that <see cref="TokenizerLoader"/> reads them back.</summary>
    void Save(string directory);
}
