namespace Mosaic.Inference.Tests;

/// <summary>A fact over the fetched tokenizer files; see <see cref="TokenizerDataTheoryAttribute"/>.</summary>
public sealed class TokenizerDataFactAttribute : FactAttribute
{
    public TokenizerDataFactAttribute()
    {
        Skip = TokenizerData.SkipReason;
    }
}
