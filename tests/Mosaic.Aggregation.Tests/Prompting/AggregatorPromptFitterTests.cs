using System.Text.RegularExpressions;
using CsCheck;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Prompting;

namespace Mosaic.Aggregation.Tests.Prompting;

public sealed partial class AggregatorPromptFitterTests
{
    // Token counters of different shapes, including ones that are not monotone in the length.
    private static readonly Func<string, int>[] Counters =
    [
        s => s.Length,
        s => s.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length,
        s => (s.Length / 3) + s.Count(c => c == '\n'),
        s => s.Length + (s.Length % 7),
    ];

    private static readonly Gen<string> Piece = Gen.OneOfConst(
        "the ", "answer ", "is ", "42", ". ", "\n", "  ", "<think>", "</think>", "Ünï", "😀", "x", "7 * 8 = 56\n", "so ");

    private static readonly Gen<string> Question = Piece.Array[1, 40].Select(string.Concat);

    private static readonly Gen<string[]> Responses = Piece.Array[0, 300].Select(string.Concat).Array[0, 5];

    private static readonly Gen<int> Counter = Gen.Int[0, Counters.Length - 1];

    private static int Count(AggregatorPrompt prompt, int counter) => Counters[counter](prompt.System) + Counters[counter](prompt.User) + 5;

    [Fact]
    public void Fit_WhenThePromptFits_ReturnsTheBuildUntouched() =>
        Gen.Select(Question, Responses, Counter, Gen.Int[0, 40]).Sample(
            (question, responses, counter, slack) =>
            {
                var built = AggregatorPromptBuilder.Build(question, responses, AnswerFormat.Number);
                var budget = Count(built, counter) + slack;

                var fitted = AggregatorPromptFitter.Fit(question, responses, AnswerFormat.Number, budget, p => Count(p, counter));

                Assert.Equal(built.System, fitted.System);
                Assert.Equal(built.User, fitted.User);
                Assert.False(fitted.Trimming.Trimmed);
                Assert.Equal(0, fitted.Trimming.ResponsesCut);
            },
            iter: 1500);

    [Fact]
    public void Fit_WhenTheQuestionFits_AlwaysFits_KeepsTheQuestion_AndCutsTheLongestResponsesInTheirMiddle() =>
        Gen.Select(Question, Responses.Where(r => r.Length > 0), Counter, Gen.Double[0, 1]).Sample(
            (question, responses, counter, position) =>
            {
                var bodies = AggregatorPromptBuilder.Bodies(responses, AggregatorPromptOptions.Default, out _);
                var system = AggregatorPromptBuilder.SystemText(AnswerFormat.Number, AggregatorPromptOptions.Default);
                var floor = Count(new AggregatorPrompt(system, AggregatorPromptBuilder.User(question.Trim(), bodies.Select(b => ResponseTrimmer.Cut(b, 0, out _)).ToArray()), 0), counter);
                var full = Count(new AggregatorPrompt(system, AggregatorPromptBuilder.User(question.Trim(), bodies), 0), counter);
                var budget = floor + (int)(position * Math.Max(0, full - floor));

                var fitted = AggregatorPromptFitter.Fit(question, responses, AnswerFormat.Number, budget, p => Count(p, counter));

                Assert.True(Count(fitted, counter) <= budget, $"{Count(fitted, counter)} tokens over a budget of {budget}");
                Assert.Equal(Count(fitted, counter), fitted.Trimming.Tokens);
                Assert.True(fitted.Trimming.Fits);
                Assert.False(fitted.Trimming.QuestionCut);
                Assert.StartsWith($"Question:\n{question.Trim()}\n\nCandidate responses:\n", fitted.User);
                var kept = KeptBodies(fitted.User, bodies.Length);
                var cut = new List<int>();
                var whole = new List<int>();
                for (var i = 0; i < bodies.Length; i++)
                {
                    if (kept[i] == bodies[i])
                    {
                        whole.Add(bodies[i].Length);
                        continue;
                    }

                    cut.Add(bodies[i].Length);
                    var match = CutMarker().Match(kept[i]);
                    Assert.True(match.Success, $"response {i + 1} changed without a cut marker: '{kept[i]}'");
                    var (head, omitted, tail) = (match.Groups[1].Value, int.Parse(match.Groups[2].Value), match.Groups[3].Value);
                    Assert.StartsWith(head, bodies[i], StringComparison.Ordinal);
                    Assert.EndsWith(tail, bodies[i], StringComparison.Ordinal);
                    Assert.Equal(bodies[i].Length, head.Length + omitted + tail.Length);
                }

                Assert.Equal(cut.Count, fitted.Trimming.ResponsesCut);
                if (cut.Count > 0 && whole.Count > 0)
                {
                    Assert.True(whole.Max() < cut.Min(), "a response was cut while a longer one was kept whole");
                }
            },
            iter: 1500);

    [Fact]
    public void Fit_AnyBudget_NeverThrows_AndFitsUnlessEvenTheBareInstructionCannot() =>
        Gen.Select(Question, Responses, Counter, Gen.Int[1, 2000]).Sample(
            (question, responses, counter, budget) =>
            {
                var fitted = AggregatorPromptFitter.Fit(question, responses, AnswerFormat.Number, budget, p => Count(p, counter));

                Assert.Equal(Count(fitted, counter) <= budget, fitted.Trimming.Fits);
                if (!fitted.Trimming.Fits)
                {
                    var bodies = AggregatorPromptBuilder.Bodies(responses, AggregatorPromptOptions.Default, out _);
                    var bare = AggregatorPromptBuilder.User(ResponseTrimmer.Cut(question.Trim(), 0, out _), bodies.Select(b => ResponseTrimmer.Cut(b, 0, out _)).ToArray());
                    Assert.True(Count(new AggregatorPrompt(fitted.System, bare, 0), counter) > budget);
                }
            },
            iter: 1500);

    [Fact]
    public void Fit_LongResponses_StripsReasoningCutsTheMiddlesAndRecordsIt()
    {
        var responses = new[]
        {
            "<think>" + new string('r', 5000) + "</think>The answer is 70.",
            "Start. " + new string('a', 3000) + " The answer is 71.",
            "Short: 70.",
        };

        var fitted = AggregatorPromptFitter.Fit("What is 65 + 5?", responses, AnswerFormat.Number, 1200, p => p.System.Length + p.User.Length);

        Assert.True(fitted.Trimming.Trimmed);
        Assert.Equal(1, fitted.Trimming.ReasoningStripped);
        Assert.Equal(1, fitted.Trimming.ResponsesCut);
        Assert.False(fitted.Trimming.QuestionCut);
        Assert.InRange(fitted.Trimming.Tokens, 1100, 1200);
        Assert.True(fitted.Trimming.TokensBefore > 3000);
        Assert.DoesNotContain("rrr", fitted.User);
        Assert.Contains("[Response 1]\nThe answer is 70.\n", fitted.User);
        Assert.Contains("[Response 2]\nStart. aaa", fitted.User);
        Assert.Contains("characters omitted ...]\naaa", fitted.User);
        Assert.Contains("aaa The answer is 71.\n", fitted.User);
        Assert.Contains("[Response 3]\nShort: 70.\n", fitted.User);
    }

    [Fact]
    public void Fit_QuestionLongerThanTheBudget_IsCutRatherThanFailing()
    {
        var question = "Q" + new string('q', 4000) + " What is 2 + 2?";

        var fitted = AggregatorPromptFitter.Fit(question, ["4", "5"], AnswerFormat.Number, 1500, p => p.System.Length + p.User.Length);

        Assert.True(fitted.Trimming.Fits);
        Assert.True(fitted.Trimming.QuestionCut);
        Assert.Equal(2, fitted.Trimming.ResponsesCut);
        Assert.Contains("What is 2 + 2?", fitted.User);
    }

    private static string[] KeptBodies(string user, int count)
    {
        var bodies = new string[count];
        for (var i = 0; i < count; i++)
        {
            var open = $"\n[Response {i + 1}]\n";
            var start = user.IndexOf(open, StringComparison.Ordinal) + open.Length;
            var end = i + 1 < count ? user.IndexOf($"\n\n[Response {i + 2}]\n", start, StringComparison.Ordinal) : user.Length - 1;
            bodies[i] = user[start..end];
        }

        return bodies;
    }

    [GeneratedRegex(@"^(.*)\n\[\.\.\. (\d+) characters omitted \.\.\.\]\n(.*)$", RegexOptions.Singleline)]
    private static partial Regex CutMarker();
}
