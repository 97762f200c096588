using Mosaic.Inference.Prompting;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Tests.Prompting;

public sealed class JinjaChatTemplateTests
{
    public static TheoryData<string> Templates => ChatTemplateFixtures.Names;

    [Theory]
    [MemberData(nameof(Templates))]
    public void RealTemplate_RendersEveryConversation_ExactlyAsTheJavaScriptReference(string name)
    {
        var template = JinjaChatTemplate.FromModelFolder(ChatTemplateFixtures.Folder(name));

        Assert.NotNull(template);
        var cases = ChatTemplateFixtures.Cases(name).ToList();
        Assert.True(cases.Count >= 8);
        foreach (var c in cases)
        {
            var rendered = template.Format(c.Messages, c.AddGenerationPrompt, c.Variables);
            Assert.True(c.Expected == rendered, $"{name} / {c.Name}:\nexpected {Show(c.Expected)}\nrendered {Show(rendered)}");
        }
    }

    [Fact]
    public void RealTemplates_TakeSpecialTokensAndStopTokensFromTheConfig()
    {
        var llama = JinjaChatTemplate.FromModelFolder(ChatTemplateFixtures.Folder("llama3"))!;
        var deepseek = JinjaChatTemplate.FromModelFolder(ChatTemplateFixtures.Folder("deepseek_v3"))!;

        Assert.StartsWith("<|begin_of_text|><|start_header_id|>user", llama.Format([new ChatMessage("user", "Hi")]));
        Assert.Contains("<|end_of_text|>", llama.StopTokens);
        // An AddedToken object ({"content": ...}) counts like a plain string.
        Assert.StartsWith("<｜begin▁of▁sentence｜><｜User｜>Hi", deepseek.Format([new ChatMessage("user", "Hi")]));
        Assert.Contains("<｜end▁of▁sentence｜>", deepseek.StopTokens);
    }

    [Theory]
    [InlineData("{% macro m() %}x{% endmacro %}{{ messages[0].content }}", "the 'macro' tag is not supported")]
    [InlineData("{{ messages[0].content | wordwrap }}", "line 1: the filter 'wordwrap' is not supported")]
    [InlineData("{% if messages is odd_shaped %}{% endif %}{{ messages[0].content }}", "the test 'odd_shaped' is not supported")]
    [InlineData("{{ messages[0].content.format(1) }}", "the method 'format' is not supported")]
    [InlineData("{{ cycler(1) }}{{ messages[0].content }}", "the function 'cycler' is not supported")]
    [InlineData("{% for m in messages %}{{ m.content }}", "missing '{% endfor %}'")]
    [InlineData("line one\n{{ messages[0].content ", "line 2: unclosed '{{'")]
    [InlineData("{{ messages[0].role }}", "a user message does not appear")]
    [InlineData("{{ raise_exception('no user turns here') }}", "the template raised an error: no user turns here")]
    public void UnsupportedOrBrokenTemplate_IsALoadErrorNamingTheFile(string template, string problem)
    {
        var directory = TestModels.TempDirectory();
        var path = Path.Combine(directory, JinjaChatTemplate.ConfigFileName);
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["chat_template"] = template }));

        var error = Assert.Throws<ModelLoadException>(() => JinjaChatTemplate.FromModelFolder(directory));

        Assert.Equal(path, error.FilePath);
        Assert.StartsWith(path + ": chat template", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void TemplateRaisingForOneConversation_FailsThatCallOnly()
    {
        const string template = "{% for m in messages %}{% if m.role == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}{{ m.content }}{% endfor %}";
        var format = JinjaChatTemplate.Parse(template, "inline");

        Assert.Equal("Hi", format.Format([new ChatMessage("user", "Hi")]));
        var error = Assert.Throws<PromptFormatException>(() => format.Format([new ChatMessage("system", "S"), new ChatMessage("user", "Hi")]));
        Assert.Equal("chat template of inline: line 1: the template raised an error: System role not supported", error.Message);
    }

    [Fact]
    public void TemplateRefusingSystemMessages_GetsTheInstructionInTheUserTurn()
    {
        // Every MoA call sends an instruction as a system message: such a model failed every call (helper run, 2026-12-05).
        const string template = "{% for m in messages %}{% if m.role == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}[{{ m.role }}]{{ m.content }}{% endfor %}";
        var refusing = JinjaChatTemplate.Parse(template, "inline");
        var accepting = JinjaChatTemplate.Parse("{% for m in messages %}[{{ m.role }}]{{ m.content }}{% endfor %}", "inline");

        Assert.False(refusing.AcceptsSystemMessages);
        Assert.Equal($"[user]{ModelTurns.ExpertInstruction}\n\nWhat is 2 + 3?", refusing.Format(ModelTurns.Expert(refusing, "What is 2 + 3?")));
        Assert.True(accepting.AcceptsSystemMessages);
        Assert.Equal($"[system]{ModelTurns.ExpertInstruction}[user]What is 2 + 3?", accepting.Format(ModelTurns.Expert(accepting, "What is 2 + 3?")));
    }

    [Fact]
    public void ChatTemplateFile_TakesPrecedenceOverTheConfigField()
    {
        var directory = TestModels.TempDirectory();
        File.WriteAllText(Path.Combine(directory, JinjaChatTemplate.ConfigFileName), """{"chat_template": "config: {{ messages[0].content }}", "eos_token": "<e>"}""");
        File.WriteAllText(Path.Combine(directory, JinjaChatTemplate.TemplateFileName), "file: {{ messages[0].content }}{{ eos_token }}\n");

        var format = JinjaChatTemplate.FromModelFolder(directory)!;

        Assert.Equal("file: Hi<e>", format.Format([new ChatMessage("user", "Hi")]));
        Assert.EndsWith(JinjaChatTemplate.TemplateFileName, format.Source);
    }

    [Fact]
    public void NamedTemplateList_UsesTheDefaultOne()
    {
        var directory = TestModels.TempDirectory();
        File.WriteAllText(Path.Combine(directory, JinjaChatTemplate.ConfigFileName),
            """{"chat_template": [{"name": "tool_use", "template": "tools"}, {"name": "default", "template": "d: {{ messages[0].content }}"}]}""");

        Assert.Equal("d: Hi", JinjaChatTemplate.FromModelFolder(directory)!.Format([new ChatMessage("user", "Hi")]));
    }

    private static string Show(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
