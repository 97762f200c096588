namespace Mosaic.Inference.Tests;

/// <summary>
/// The tests over the fetched tokenizer files load several 10 MB vocabularies; they run alone, after the parallel
/// tests, so that their allocations never overlap the native-memory test's RSS measurement.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TokenizerDataCollection
{
    public const string Name = "Tokenizer data";
}
