namespace Mosaic.Inference.Tokenization.PreTokenizers;

/// <summary>What a Split pre-tokenizer does with the delimiters it finds (Hugging Face's SplitDelimiterBehavior).</summary>
internal enum SplitBehavior
{
    Removed,
    Isolated,
    MergedWithPrevious,
    MergedWithNext,
    Contiguous,
}
