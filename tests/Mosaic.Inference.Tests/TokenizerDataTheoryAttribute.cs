namespace Mosaic.Inference.Tests;

/// <summary>
/// A theory over the fetched tokenizer files: skipped, with the reason, when they are missing outside CI; under
/// CI=true it always runs, so missing files fail it.
/// </summary>
public sealed class TokenizerDataTheoryAttribute : TheoryAttribute
{
    public TokenizerDataTheoryAttribute()
    {
        Skip = TokenizerData.SkipReason;
    }
}
