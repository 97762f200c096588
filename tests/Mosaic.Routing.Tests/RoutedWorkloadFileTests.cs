namespace Mosaic.Routing.Tests;

public sealed class RoutedWorkloadFileTests
{
    [Fact]
    public void WriteThenRead_RoundTrips()
    {
        RoutedQuestion[] questions =
        [
            new("q1", "What is 1 + 2?", "add", "3", ["a", "b", "a"]),
            new("q2", "How many \"a\" in aab?\n", "count", "2", ["c", "c", "c"]),
        ];
        var writer = new StringWriter();
        RoutedWorkloadFile.Write(writer, questions);

        var read = RoutedWorkloadFile.Read(new StringReader(writer.ToString()));

        Assert.Equal(2, read.Count);
        for (var i = 0; i < questions.Length; i++)
        {
            Assert.Equal(questions[i].Id, read[i].Id);
            Assert.Equal(questions[i].Text, read[i].Text);
            Assert.Equal(questions[i].Skill, read[i].Skill);
            Assert.Equal(questions[i].GoldAnswer, read[i].GoldAnswer);
            Assert.Equal(questions[i].Experts, read[i].Experts);
        }

        Assert.Equal(2, writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{\"id\": \"q\", \"text\": \"t\", \"skill\": \"add\", \"experts\": [\"a\"]}", "missing string field \"gold\"")]
    [InlineData("{\"id\": \"q\", \"text\": \"t\", \"skill\": \"add\", \"gold\": \"1\"}", "missing array field \"experts\"")]
    [InlineData("{\"id\": \"q\", \"text\": \"t\", \"skill\": \"add\", \"gold\": \"1\", \"experts\": []}", "\"experts\" is empty")]
    [InlineData("{\"id\": \"q\", \"text\": \"t\", \"skill\": \"add\", \"gold\": \"1\", \"experts\": [3]}", "non-empty strings")]
    [InlineData("{\"id\": \"\", \"text\": \"t\", \"skill\": \"add\", \"gold\": \"1\", \"experts\": [\"a\"]}", "field \"id\" is empty")]
    [InlineData("{\"id\": \"q\", \"text\": \"t\", \"skill\": \"add\", \"gold\": 1, \"experts\": [\"a\"]}", "missing string field \"gold\"")]
    [InlineData("{\"id\": \"q\", \"text\": \"t\", \"skill\": \"add\", \"gold\": \"1\", \"experts\": \"a\"}", "missing array field \"experts\"")]
    public void Read_BadLine_NamesTheLine(string bad, string problem)
    {
        var good = "{\"id\": \"q0\", \"text\": \"t\", \"skill\": \"add\", \"gold\": \"1\", \"experts\": [\"a\"]}";
        var input = good + "\n\n" + bad + "\n";

        var error = Assert.Throws<WorkloadFormatException>(() => RoutedWorkloadFile.Read(new StringReader(input), "w.jsonl"));

        Assert.Equal(3, error.Line);
        Assert.StartsWith("w.jsonl, line 3: ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Read_DuplicateId_IsAnError()
    {
        var line = "{\"id\": \"q0\", \"text\": \"t\", \"skill\": \"add\", \"gold\": \"1\", \"experts\": [\"a\"]}";
        var error = Assert.Throws<WorkloadFormatException>(() => RoutedWorkloadFile.Read(new StringReader(line + "\n" + line)));
        Assert.Equal(2, error.Line);
        Assert.Contains("duplicate question id 'q0'", error.Message);
    }

    [Fact]
    public void Router_RouteProducesWritableQuestions()
    {
        var profile = SkillProfile.FromResults([new("a", "add", true), new("b", "add", false)]);
        var router = new SkillRouter(profile, new RouterOptions { Seed = 1 });
        var routed = router.Route("q1", "What is 1 + 1?", "add", "2");
        var path = Path.Combine(Path.GetTempPath(), $"routed-{Guid.NewGuid():N}.jsonl");
        try
        {
            RoutedWorkloadFile.WriteFile(path, [routed]);
            var read = Assert.Single(RoutedWorkloadFile.ReadFile(path));
            Assert.Equal(routed.Experts, read.Experts);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_EmptyTextIsAllowed_EmptySkillOrGoldIsNot()
    {
        var ok = "{\"id\": \"q\", \"text\": \"\", \"skill\": \"add\", \"gold\": \"1\", \"experts\": [\"a\"]}";
        Assert.Equal("", Assert.Single(RoutedWorkloadFile.Read(new StringReader(ok))).Text);

        foreach (var field in new[] { "skill", "gold" })
        {
            var bad = ok.Replace($"\"{field}\": \"{(field == "skill" ? "add" : "1")}\"", $"\"{field}\": \"\"", StringComparison.Ordinal);
            var error = Assert.Throws<WorkloadFormatException>(() => RoutedWorkloadFile.Read(new StringReader(bad)));
            Assert.Contains($"field \"{field}\" is empty", error.Message);
        }
    }

    [Fact]
    public void Read_ExpertThatIsAnEmptyString_IsAnError()
    {
        var bad = "{\"id\": \"q\", \"text\": \"t\", \"skill\": \"add\", \"gold\": \"1\", \"experts\": [\"a\", \"\"]}";

        var error = Assert.Throws<WorkloadFormatException>(() => RoutedWorkloadFile.Read(new StringReader(bad)));

        Assert.Contains("non-empty strings", error.Message);
    }

    [Fact]
    public void Serialize_KeepsNonAsciiAndMarkupReadable()
    {
        var line = RoutedWorkloadFile.Serialize(new RoutedQuestion("q", "Is 3 < 4? café", "max", "4", ["a", "b"]));

        Assert.Equal("{\"id\":\"q\",\"text\":\"Is 3 < 4? café\",\"skill\":\"max\",\"gold\":\"4\",\"experts\":[\"a\",\"b\"]}", line);
    }

    [Fact]
    public void WriteFile_MissingFolder_IsCreated()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"routed-{Guid.NewGuid():N}");
        var path = Path.Combine(folder, "nested", "w.jsonl");
        try
        {
            RoutedWorkloadFile.WriteFile(path, [new RoutedQuestion("q", "t", "add", "1", ["a"])]);

            Assert.Equal("q", Assert.Single(RoutedWorkloadFile.ReadFile(path)).Id);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Io_NullArguments_ThrowArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => RoutedWorkloadFile.Write(null!, []));
        Assert.Throws<ArgumentNullException>(() => RoutedWorkloadFile.Write(new StringWriter(), null!));
        Assert.Throws<ArgumentNullException>(() => RoutedWorkloadFile.Read(null!));
        Assert.Throws<ArgumentNullException>(() => RoutedWorkloadFile.Serialize(null!));
    }
}
