namespace Mosaic.Inference.Tests;

/// <summary>TokenizerData/reference.json: the corpus cases with the reference's ids, per tokenizer and per variant.</summary>
public sealed record TokenizerReference(
    string Reference, string Node, Dictionary<string, TokenizerReferenceSource> Tokenizers, Dictionary<string, TokenizerReferenceVariant> Variants,
    List<TokenizerReferenceCase> Cases);
