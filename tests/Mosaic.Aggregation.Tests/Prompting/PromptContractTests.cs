using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Prompting;

namespace Mosaic.Aggregation.Tests.Prompting;

/// <summary>The prompt builder's and fitter's argument checks, placeholders, closing lines and length edges.</summary>
public sealed class PromptContractTests
{
    private static int Characters(AggregatorPrompt p) => p.System.Length + p.User.Length;

    [Fact]
    public void Build_BadArguments_AreRejectedNamingTheParameter()
    {
        Assert.Equal("question", Assert.Throws<ArgumentNullException>(() => AggregatorPromptBuilder.Build(null!, ["a"], AnswerFormat.Auto)).ParamName);
        Assert.Equal("responses", Assert.Throws<ArgumentNullException>(() => AggregatorPromptBuilder.Build("Q", null!, AnswerFormat.Auto)).ParamName);
        Assert.Equal("MaxResponseCharacters", Assert.Throws<ArgumentOutOfRangeException>(
            () => AggregatorPromptBuilder.Build("Q", ["a"], AnswerFormat.Auto, new AggregatorPromptOptions { MaxResponseCharacters = 0 })).ParamName);
        Assert.Equal("MaxResponseTokens", Assert.Throws<ArgumentOutOfRangeException>(
            () => AggregatorPromptBuilder.Build("Q", ["a"], AnswerFormat.Auto, new AggregatorPromptOptions { MaxResponseTokens = 0 })).ParamName);
    }

    [Fact]
    public void Options_SmallestPositiveCaps_AreAccepted()
    {
        var prompt = AggregatorPromptBuilder.Build(
            "Q", ["ab"], AnswerFormat.Auto, new AggregatorPromptOptions { MaxResponseCharacters = 1, MaxResponseTokens = 1, CountTokens = _ => 1 });
        Assert.Equal(1, prompt.TruncatedResponses);
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => AggregatorPromptBuilder.Build("Q", ["a"], AnswerFormat.Auto, new AggregatorPromptOptions { MaxResponseCharacters = -1 }));
        Assert.StartsWith("must be positive", error.Message);
        error = Assert.Throws<ArgumentOutOfRangeException>(
            () => AggregatorPromptBuilder.Build("Q", ["a"], AnswerFormat.Auto, new AggregatorPromptOptions { MaxResponseTokens = -3 }));
        Assert.StartsWith("must be positive", error.Message);
    }

    [Fact]
    public void Build_EmptyResponses_GetPlaceholdersTheAggregatorCanRead()
    {
        var prompt = AggregatorPromptBuilder.Build("Q", ["  ", "<think>only thoughts</think>  "], AnswerFormat.Auto);

        Assert.Contains("[Response 1]\n(no response)\n", prompt.User);
        Assert.Contains("[Response 2]\n(no response after the reasoning)\n", prompt.User);
    }

    [Theory]
    [InlineData(AnswerFormat.MultipleChoice, "End with a line of the form \"The answer is (X)\", where X is the letter (A to D) of the correct option.")]
    [InlineData(AnswerFormat.Boxed, "End with the final answer written as \\boxed{...}.")]
    [InlineData(AnswerFormat.Gsm8k, "End with a line of the form \"#### N\", where N is the final number alone.")]
    [InlineData(AnswerFormat.Number, "End with a line of the form \"The answer is N\", where N is the final number alone.")]
    [InlineData(AnswerFormat.Auto, "End with a line of the form \"The answer is X\", where X is the final answer alone.")]
    public void Build_SystemText_EndsWithTheFormatsClosingLine(AnswerFormat format, string closing)
    {
        var prompt = AggregatorPromptBuilder.Build("Q", ["a"], format, new AggregatorPromptOptions { LastOptionLetter = 'd' });

        Assert.EndsWith("say which model was right. " + closing, prompt.System);
    }

    [Fact]
    public void Build_ResponseOfExactlyTheCap_IsKeptWhole()
    {
        var text = new string('x', 300);
        var prompt = AggregatorPromptBuilder.Build("Q", [text], AnswerFormat.Auto, new AggregatorPromptOptions { MaxResponseCharacters = 300 });

        Assert.Equal(0, prompt.TruncatedResponses);
        Assert.Contains("\n" + text + "\n", prompt.User);
    }

    [Fact]
    public void Build_TokenCapOnAShortResponse_CutsItToWhatFits()
    {
        // 100 characters, the token counter counts characters: the cap of 30 keeps a cut text of at most 30 tokens.
        var text = string.Concat(Enumerable.Range(0, 100).Select(i => (char)('a' + (i % 26))));
        var options = new AggregatorPromptOptions { MaxResponseCharacters = 1000, MaxResponseTokens = 60, CountTokens = s => s.Length };
        var prompt = AggregatorPromptBuilder.Build("Q", [text], AnswerFormat.Auto, options);

        var body = prompt.User[(prompt.User.IndexOf("[Response 1]\n", StringComparison.Ordinal) + 13)..^1];
        Assert.Equal(1, prompt.TruncatedResponses);
        Assert.InRange(body.Length, 55, 60);
        Assert.EndsWith(text[^10..], body);
    }

    [Fact]
    public void Build_CutNextToASurrogatePair_NeverSplitsIt()
    {
        // Budget 9: the opening keeps 9 / 3 = 3 characters, which would end inside the pair at index 2–3.
        var text = "ab\U0001F600" + new string('x', 40) + "\U0001F600yz";
        var prompt = AggregatorPromptBuilder.Build("Q", [text], AnswerFormat.Auto, new AggregatorPromptOptions { MaxResponseCharacters = 9 });

        Assert.DoesNotContain(prompt.User, c => char.IsSurrogate(c) && !IsPaired(prompt.User, prompt.User.IndexOf(c)));
        Assert.Contains("\nab\n[... ", prompt.User);
    }

    [Fact]
    public void Trimming_None_SaysNothingWasCut()
    {
        var none = AggregatorPromptTrimming.None;
        Assert.Equal(new AggregatorPromptTrimming(false, 0, 0, 0, false, 0, 0, 0), none);
        Assert.Same(none, AggregatorPromptBuilder.Build("Q", ["a"], AnswerFormat.Auto).Trimming);
    }

    [Fact]
    public void Fit_BadArguments_AreRejectedNamingTheParameter()
    {
        Assert.Equal("question", Assert.Throws<ArgumentNullException>(() => AggregatorPromptFitter.Fit(null!, ["a"], AnswerFormat.Auto, 10, Characters)).ParamName);
        Assert.Equal("responses", Assert.Throws<ArgumentNullException>(() => AggregatorPromptFitter.Fit("Q", null!, AnswerFormat.Auto, 10, Characters)).ParamName);
        Assert.Equal("countTokens", Assert.Throws<ArgumentNullException>(() => AggregatorPromptFitter.Fit("Q", ["a"], AnswerFormat.Auto, 10, null!)).ParamName);
        Assert.Equal("tokenBudget", Assert.Throws<ArgumentOutOfRangeException>(() => AggregatorPromptFitter.Fit("Q", ["a"], AnswerFormat.Auto, 0, Characters)).ParamName);
        Assert.Equal("MaxResponseCharacters", Assert.Throws<ArgumentOutOfRangeException>(
            () => AggregatorPromptFitter.Fit("Q", ["a"], AnswerFormat.Auto, 10, Characters, new AggregatorPromptOptions { MaxResponseCharacters = 0 })).ParamName);
    }

    [Fact]
    public void Fit_GivenOptions_AreUsedNotTheDefaults()
    {
        var text = new string('x', 500);
        var prompt = AggregatorPromptFitter.Fit("Q", [text], AnswerFormat.Auto, 1_000_000, Characters, new AggregatorPromptOptions { MaxResponseCharacters = 100 });

        Assert.Equal(1, prompt.TruncatedResponses);
        Assert.DoesNotContain(text, prompt.User);
    }

    private static bool IsPaired(string s, int i) =>
        char.IsHighSurrogate(s[i]) ? i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) : i > 0 && char.IsHighSurrogate(s[i - 1]);
}
