namespace Mosaic.Cli.Tests;

public sealed class ExtractCommandTests
{
    private static (int Exit, string Out, string Err) Run(string input, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = MosaicApp.Run(["extract", .. args], new StringReader(input), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Extract_WellFormedLines_WritesOneAnswerPerLine()
    {
        var input = """
            {"id": "q1", "text": "The answer is (c)."}
            {"id": "q2", "text": "So she pays $1,250.00 in total.", "model": "x"}
            {"id": "q3", "text": "no idea"}
            """;
        var (exit, output, errors) = Run(input, "--format", "auto");

        Assert.Equal(0, exit);
        Assert.Equal("", errors);
        Assert.Equal(
            ["""{"id":"q1","answer":"C"}""", """{"id":"q2","answer":"1250"}""", """{"id":"q3","answer":null}"""],
            Lines(output));
    }

    [Fact]
    public void Extract_DefaultsToAuto_AndHonoursTheFormat()
    {
        const string input = """{"id": "a", "text": "Maybe \\boxed{12}, but the answer is 13."}""";
        Assert.Equal("""{"id":"a","answer":"12"}""", Lines(Run(input).Out).Single());
        Assert.Equal("""{"id":"a","answer":"13"}""", Lines(Run(input, "--format", "gsm8k").Out).Single());
    }

    [Fact]
    public void Extract_MalformedLines_ReportLineNumbersAndContinue()
    {
        var input = string.Join('\n',
            """{"id": "ok1", "text": "#### 4"}""",
            "not json",
            "",
            """{"id": 7, "text": "x"}""",
            """{"id": "no-text"}""",
            "[1, 2]",
            """{"id": "ok2", "text": "Answer: B"}""");
        var (exit, output, errors) = Run(input, "--format", "mcq");

        Assert.Equal(2, exit);
        Assert.Equal(["""{"id":"ok1","answer":null}""", """{"id":"ok2","answer":"B"}"""], Lines(output));
        var messages = Lines(errors);
        Assert.Equal(4, messages.Length);
        Assert.StartsWith("line 2: ", messages[0]);
        Assert.StartsWith("line 4: ", messages[1]);
        Assert.StartsWith("line 5: ", messages[2]);
        Assert.StartsWith("line 6: ", messages[3]);
    }

    [Fact]
    public void Extract_UnknownFormat_IsAOneLineUsageError()
    {
        var (exit, output, errors) = Run("""{"id": "a", "text": "1"}""", "--format", "latex");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Single(Lines(errors));
        Assert.Contains("--format", errors);
        Assert.Contains("'latex'", errors);
        Assert.Contains("'gsm8k'", errors);
    }

    [Fact]
    public void Extract_KeepsUnicodeReadable()
    {
        var (_, output, _) = Run("""{"id": "é-1", "text": "\\boxed{x^2+1}"}""", "--format", "boxed");
        Assert.Equal("""{"id":"é-1","answer":"x^2+1"}""", Lines(output).Single());
    }
}
