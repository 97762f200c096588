namespace Mosaic.Inference.Tests;

/// <summary>One corpus text, the reference ids per tokenizer, and the reference decoding where it differs from the text.</summary>
public sealed record TokenizerReferenceCase(string Text, Dictionary<string, int[]> Ids, Dictionary<string, string> Decoded);
