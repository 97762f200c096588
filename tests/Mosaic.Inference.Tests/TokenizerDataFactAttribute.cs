namespace Mosaic.Inference.Tests;

/// <summary>A fact over the fetched tokenizer files; see <see cref="TokenizerDataTheoryAttribute"/>.</summary>
public sealed class TokenizerDataFactAttribute : FactAttribute
{
    public TokenizerDataFactAttribute()
    {
        if (!TokenizerData.IsCi && !Directory.Exists(TokenizerData.Directory))
        {
            Skip = $"{TokenizerData.Directory} does not exist: run infra/scripts/fetch-tokenizers.sh (CI runs it before the tests)";
        }
    }
}
