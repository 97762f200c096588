using Mosaic.Inference.Prompting;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Tests.Prompting;

public sealed class PromptFormatLoaderTests
{
    [Fact]
    public void DeclaredPlainFormat_WinsOverTheChatTemplate()
    {
        var directory = TestModels.TempDirectory();
        new PlainPromptFormat("\nFinal:\n").Save(directory);
        File.WriteAllText(Path.Combine(directory, JinjaChatTemplate.ConfigFileName), """{"chat_template": "{{ messages[0].content }}"}""");

        var format = Assert.IsType<PlainPromptFormat>(PromptFormatLoader.Load(directory, TestTokenizers.ByteLevel(), "qwen2"));

        Assert.Equal("Q: 1?\nFinal:\n", format.Format([new ChatMessage("system", "ignored"), new ChatMessage("user", "  Q: 1? \n")]));
        Assert.Equal("Q: 1?", format.Format([new ChatMessage("user", "Q: 1?")], addGenerationPrompt: false));
    }

    [Fact]
    public void CheckpointWithoutATemplate_GetsItsFamilyDefault()
    {
        var directory = TestModels.TempDirectory();
        File.WriteAllText(Path.Combine(directory, JinjaChatTemplate.ConfigFileName), """{"eos_token": "<|im_end|>"}""");

        var format = Assert.IsType<ChatTemplate>(PromptFormatLoader.Load(directory, TestTokenizers.ByteLevel(), "qwen2"));

        Assert.Equal(ModelFamily.Qwen2, format.Family);
        Assert.Equal(ModelFamily.RoleLabels, Assert.IsType<ChatTemplate>(PromptFormatLoader.Load(TestModels.TempDirectory(), CharTokenizer.FromText("abc"), "llama")).Family);
    }

    [Fact]
    public void ChatTemplate_KeepsTheFamilyStopTokensAndAddsTheConfigsEos()
    {
        var directory = TestModels.TempDirectory();
        File.WriteAllText(Path.Combine(directory, JinjaChatTemplate.ConfigFileName), """{"chat_template": "{{ messages[0].content }}", "eos_token": "<|custom_end|>"}""");

        var format = Assert.IsType<JinjaChatTemplate>(PromptFormatLoader.Load(directory, TestTokenizers.ByteLevel(), "qwen2"));

        Assert.Equal(["<|im_end|>", "<|endoftext|>", "<|custom_end|>"], format.StopTokens);
    }
}
