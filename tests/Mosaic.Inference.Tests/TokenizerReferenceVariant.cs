using System.Text.Json.Nodes;

namespace Mosaic.Inference.Tests;

/// <summary>A real tokenizer.json with some top-level sections replaced (e.g. another normalizer).</summary>
public sealed record TokenizerReferenceVariant(string Base, JsonObject Override);
