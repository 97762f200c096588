using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Prompting;

namespace Mosaic.Aggregation.Tests.Prompting;

public sealed class AggregatorPromptBuilderTests
{
    [Fact]
    public void Build_NumbersResponsesAndStripsReasoning()
    {
        var prompt = AggregatorPromptBuilder.Build(
            "What is 6 * 7?",
            ["<think>6 * 7, let me add 6 seven times...</think>The answer is 42.", "It is 41.", "<think>still thinking"],
            AnswerFormat.Gsm8k);

        Assert.Contains("Question:\nWhat is 6 * 7?", prompt.User);
        Assert.Contains("[Response 1]\nThe answer is 42.", prompt.User);
        Assert.Contains("[Response 2]\nIt is 41.", prompt.User);
        Assert.Contains("[Response 3]\n(this model's reasoning was cut off", prompt.User);
        Assert.DoesNotContain("seven times", prompt.User);
        Assert.Contains("evidence, not as authority", prompt.System);
        Assert.Contains("#### N", prompt.System);
        Assert.Equal(0, prompt.TruncatedResponses);
    }

    [Fact]
    public void Build_CapsLongResponsesInCharacters_KeepingTheEnding()
    {
        var response = new string('x', 5000) + " The answer is (D).";
        var prompt = AggregatorPromptBuilder.Build(
            "Q?", [response], AnswerFormat.MultipleChoice, new AggregatorPromptOptions { MaxResponseCharacters = 300 });

        Assert.Equal(1, prompt.TruncatedResponses);
        Assert.Contains("The answer is (D).", prompt.User);
        Assert.Contains("characters omitted", prompt.User);
        Assert.True(prompt.User.Length < 500);
    }

    [Fact]
    public void Build_CapsLongResponsesInTokens_WithTheInjectedCounter()
    {
        static int Words(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var response = string.Join(' ', Enumerable.Range(0, 400).Select(i => $"w{i}"));
        var options = new AggregatorPromptOptions { MaxResponseTokens = 50, CountTokens = Words };
        var prompt = AggregatorPromptBuilder.Build("Q?", [response], AnswerFormat.Auto, options);

        var body = prompt.User[(prompt.User.IndexOf("[Response 1]\n", StringComparison.Ordinal) + 13)..].TrimEnd('\n');
        Assert.InRange(Words(body), 40, 50);
        Assert.EndsWith("w399", body);
    }

    [Theory]
    [InlineData(AnswerFormat.MultipleChoice, "Weighing the responses, the answer is (B).", "B")]
    [InlineData(AnswerFormat.Boxed, "Combining both, $\\boxed{17}$.", "17")]
    [InlineData(AnswerFormat.Gsm8k, "Two responses slipped.\n#### 1,250", "1250")]
    [InlineData(AnswerFormat.Auto, "<think>hmm</think>The answer is 3/4", "0.75")]
    public void Parse_AggregatorOutput_UsesTheSameExtractors(AnswerFormat format, string output, string expected) =>
        Assert.Equal(expected, AggregatorAnswerParser.Parse(output, format).Answer);
}
