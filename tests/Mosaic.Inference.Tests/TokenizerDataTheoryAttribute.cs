namespace Mosaic.Inference.Tests;

/// <summary>
/// A theory over the fetched tokenizer files: skipped, with the reason, when they are missing outside CI; under
/// CI=true it always runs, so missing files fail it.
/// </summary>
public sealed class TokenizerDataTheoryAttribute : TheoryAttribute
{
    public TokenizerDataTheoryAttribute()
    {
        if (!TokenizerData.IsCi && !Directory.Exists(TokenizerData.Directory))
        {
            Skip = $"{TokenizerData.Directory} does not exist: run infra/scripts/fetch-tokenizers.sh (CI runs it before the tests)";
        }
    }
}
