using Mosaic.Inference.Prompting;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Tests.Prompting;

public sealed class OpenedTraceTests
{
    [Theory]
    [InlineData("<｜User｜>2+2?<｜Assistant｜><think>\n", "<think>\n")] // DeepSeek-R1-Distill, R1-0528
    [InlineData("<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\n<think>\n", "<think>\n")] // QwQ
    [InlineData("Q: 2+2?\n<think>", "<think>")]
    [InlineData("Q: 2+2?\n<think> \n\n", "<think> \n\n")]
    [InlineData("<|im_start|>assistant\n<think>\n\n</think>\n\n", "")] // Qwen3 with thinking off: a closed, empty trace
    [InlineData("<|im_start|>user\nWhat does <think> mean?<|im_end|>\n<|im_start|>assistant\n", "")]
    [InlineData("<|im_start|>assistant\n", "")]
    [InlineData("", "")]
    public void Of_APromptEndingInAnOpenedThinkTag_IsThatTail(string prompt, string opened)
    {
        Assert.Equal(opened, OpenedTrace.Of(prompt));
    }

    [Fact]
    public void Of_FamilyTemplates_OnlyDeepSeekR1OpensATrace()
    {
        ChatMessage[] messages = [new("user", "2+2?")];

        Assert.Equal("<think>\n", OpenedTrace.Of(ChatTemplate.For(ModelFamily.DeepSeekR1).Format(messages)));
        Assert.Equal("", OpenedTrace.Of(ChatTemplate.For(ModelFamily.DeepSeekR1).Format(messages, addGenerationPrompt: false)));
        Assert.Equal("", OpenedTrace.Of(ChatTemplate.For(ModelFamily.Qwen2).Format(messages)));
        Assert.Equal("", OpenedTrace.Of(ChatTemplate.For(ModelFamily.Llama3).Format(messages)));
        Assert.Equal("", OpenedTrace.Of(new PlainPromptFormat("\n").Format(messages)));
    }

    [Fact]
    public void Of_Qwen3Template_OpensNoTraceWithThinkingOnOrOff()
    {
        var qwen3 = JinjaChatTemplate.FromModelFolder(ChatTemplateFixtures.Folder("qwen3"))!;
        ChatMessage[] messages = [new("user", "2+2?")];

        Assert.Equal("", OpenedTrace.Of(qwen3.Format(messages)));
        Assert.Equal("", OpenedTrace.Of(qwen3.Format(messages, true, new Dictionary<string, object?> { ["enable_thinking"] = false })));
    }
}
