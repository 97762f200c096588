using Mosaic.Aggregation.Extraction;

namespace Mosaic.Aggregation.Tests.Extraction;

public sealed class LatexTextTests
{
    [Theory]
    [InlineData(@"\$5", "$5")]
    [InlineData(@"50\%", "50%")]
    [InlineData("1{,}000", "1,000")]
    [InlineData(@"\dfrac{1}{2}", "1/2")]
    [InlineData(@"\tfrac{3}{4}", "3/4")]
    [InlineData(@"1\,000", "1 000")]
    [InlineData(@"a\;b", "a b")]
    [InlineData(@"a\:b", "a b")]
    [InlineData(@"\(x\)", " x ")]
    [InlineData(@"\[x\]", " x ")]
    [InlineData(@"a\!b", "ab")]
    [InlineData(@"\frac12", "1/2")]
    [InlineData(@"\text{ km}", " km")]
    public void Normalize_RewritesEachCommandToPlainText(string latex, string plain) =>
        Assert.Equal(plain, LatexText.Normalize(latex));
}
