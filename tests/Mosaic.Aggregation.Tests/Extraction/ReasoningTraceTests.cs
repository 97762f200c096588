using Mosaic.Aggregation.Extraction;

namespace Mosaic.Aggregation.Tests.Extraction;

public sealed class ReasoningTraceTests
{
    [Theory]
    [InlineData("<think>\n65 + 5 = 70\n</think>\n\nThe answer is 70.", "65 + 5 = 70", "The answer is 70.")]
    [InlineData("The answer is 70.", null, "The answer is 70.")]
    [InlineData("<think>65 + 5 is", "65 + 5 is", "")] // cut off mid-thought: all thinking, no response
    [InlineData("<think>\nLet me compute", "Let me compute", "")] // the same, the tag written by the prompt (R1-Distill, QwQ)
    [InlineData("65 + 5 = 70</think> The answer is 70.", "65 + 5 = 70", "The answer is 70.")] // the template opened the trace
    [InlineData("<think>a</think> b <THINK>c</THINK> The answer is 1.", "a</think> b <THINK>c", "The answer is 1.")]
    [InlineData("<thin", "", "")] // cut at the token limit inside the opening tag: thinking that had just begun
    [InlineData("<t", "", "")]
    [InlineData("<", null, "<")] // one character is not yet a tag
    [InlineData("<think>so far 55\n</th", "so far 55", "")] // cut inside the closing tag: no piece of it in the thinking
    [InlineData("<think>x </", "x", "")]
    [InlineData("<think>3 <", "3 <", "")]
    public void Split_TheThinkingApartFromTheResponse(string text, string? reasoning, string response)
    {
        Assert.Equal((reasoning, response), ReasoningTrace.Split(text));
        Assert.Equal(ReasoningTrace.Strip(text).TrimStart(), ReasoningTrace.Split(text).Response);
    }
}
