namespace Mosaic.Inference.Tokenization;

/// <summary>The tokenizer.json BPE model flags this implementation honours.</summary>
internal sealed record BpeOptions(bool IgnoreMerges = false, bool ByteFallback = false, string? UnknownToken = null, bool FuseUnknown = false);
