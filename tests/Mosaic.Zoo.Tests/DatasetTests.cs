using Mosaic.Zoo.Training;
using System.Globalization;
using Mosaic.Zoo.Tasks;

namespace Mosaic.Zoo.Tests;

public sealed class DatasetTests
{
    [Fact]
    public void Splits_NeverShareAQuestion()
    {
        var data = ZooDataset.Default;
        var test = data.Test.Select(q => q.Text).ToHashSet();
        var calibration = data.Calibration.Select(q => q.Text).ToHashSet();
        var train = data.TrainingStream(Skills.All, seed: 1).Take(50_000).Select(q => q.Text).ToHashSet();

        Assert.Equal(data.Test.Count, test.Count);
        Assert.Equal(data.Calibration.Count, calibration.Count);
        Assert.Empty(test.Intersect(calibration));
        Assert.Empty(train.Intersect(test));
        Assert.Empty(train.Intersect(calibration));
    }

    [Fact]
    public void QuestionPatterns_RecogniseEachQuestionsSkillAndNoOther()
    {
        var patterns = Skills.QuestionPatterns.ToDictionary(p => p.Key, p => new System.Text.RegularExpressions.Regex(p.Value));
        var data = ZooDataset.Default;
        var questions = data.Test.Concat(data.Calibration).Concat(data.TrainingStream(Skills.All, seed: 3).Take(20_000));

        Assert.Equal(Skills.All, patterns.Keys);
        foreach (var question in questions)
        {
            Assert.Equal([question.Skill], patterns.Where(p => p.Value.IsMatch(question.Text)).Select(p => p.Key));
        }
    }

    [Fact]
    public void Splits_CoverEverySkillAndDifficulty()
    {
        var data = ZooDataset.Default;
        foreach (var skill in Skills.All)
        {
            for (var difficulty = Skills.MinDifficulty; difficulty <= Skills.MaxDifficulty; difficulty++)
            {
                Assert.Equal(40, data.Test.Count(q => q.Skill == skill && q.Difficulty == difficulty));
                Assert.Equal(20, data.Calibration.Count(q => q.Skill == skill && q.Difficulty == difficulty));
            }
        }
    }

    [Fact]
    public void Generator_IsSeededAndAnswersAreExact()
    {
        var a = new ZooDataset().Test;
        var b = new ZooDataset().Test;
        Assert.Equal(a.Select(q => q.Text), b.Select(q => q.Text));
        foreach (var q in a)
        {
            var expected = q.Skill switch
            {
                Skills.Addition => q.Numbers[0] + q.Numbers[1],
                Skills.Subtraction => q.Numbers[0] - q.Numbers[1],
                Skills.Multiplication => q.Numbers[0] * q.Numbers[1],
                Skills.Maximum => q.Numbers.Max(),
                _ => q.Letters.Count(c => c == q.Target),
            };
            Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), q.Answer);
            Assert.True(expected >= 0, q.Text);
        }
    }

    [Fact]
    public void Generator_HarderLevelsHaveLargerOperands()
    {
        var random = new Random(3);
        var easy = Enumerable.Range(0, 200).Select(i => QuestionGenerator.Generate(Skills.Multiplication, 1, random, $"e{i}")).Max(q => q.Numbers[0]);
        var hard = Enumerable.Range(0, 200).Select(i => QuestionGenerator.Generate(Skills.Multiplication, 3, random, $"h{i}")).Min(q => q.Numbers[0]);
        Assert.True(hard > easy);
        Assert.Throws<ArgumentException>(() => QuestionGenerator.Generate("divide", 1, random, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuestionGenerator.Generate(Skills.Addition, 4, random, "x"));
    }

    [Fact]
    public void Responses_ReasoningEndsWithTheSameAnswerAndIsFiveTimesLonger()
    {
        var data = ZooDataset.Default;
        foreach (var q in data.Test)
        {
            var direct = ResponseWriter.Write(q, ResponseStyle.Direct);
            var reasoning = ResponseWriter.Write(q, ResponseStyle.Reasoning);
            Assert.Equal($"The answer is {q.Answer}.", direct);
            Assert.StartsWith("<think>\n", reasoning);
            Assert.EndsWith("</think>\n" + direct, reasoning);
            Assert.Equal(q.Answer, Mosaic.Aggregation.Extraction.AnswerExtractor.Extract(reasoning, Mosaic.Aggregation.Extraction.AnswerFormat.Number));
        }

        var ratio = data.Test.Average(q => ResponseWriter.Write(q, ResponseStyle.Reasoning).Length + 1.0)
            / data.Test.Average(q => ResponseWriter.Write(q, ResponseStyle.Direct).Length + 1.0);
        Assert.InRange(ratio, 5, 15);
    }

    [Fact]
    public void Scratchpad_SpellsOutCarriesAndBorrows()
    {
        var add = new SkillQuestion("q", Skills.Addition, 2, "What is 58 + 67?", "125", [58, 67]);
        Assert.Equal("58 + 67\nones: 8+7+0=15 write 5 carry 1 so far 5\ntens: 5+6+1=12 write 2 carry 1 so far 25\nlast carry so far 125\n", ResponseWriter.Scratchpad(add));
        var sub = new SkillQuestion("q", Skills.Subtraction, 2, "What is 52 - 17?", "35", [52, 17]);
        Assert.Equal("52 - 17\nones: 2-7-0 write 5 borrow 1 so far 5\ntens: 5-1-1 write 3 borrow 0 so far 35\n", ResponseWriter.Scratchpad(sub));
        var count = new SkillQuestion("q", Skills.Counting, 1, "How many a in aba?", "2", [2], "aba", 'a');
        Assert.Equal("look for a\na vs a yes count 1\nb vs a no count 1\na vs a yes count 2\n", ResponseWriter.Scratchpad(count));
        var max = new SkillQuestion("q", Skills.Maximum, 1, "What is the largest of 4, 9, 7?", "9", [4, 9, 7]);
        Assert.Equal("best 4 rest 9, 7\n9 vs 4 keep 9 rest 7\n7 vs 9 keep 9 rest none\n", ResponseWriter.Scratchpad(max));
    }

    [Fact]
    public void Candidates_MixRightAndWrongAnswers()
    {
        var random = new Random(5);
        var patterns = new HashSet<int>();
        foreach (var q in ZooDataset.Default.Test.Take(300))
        {
            var responses = CandidateSynthesizer.Responses(q, random);
            Assert.Equal(3, responses.Count);
            patterns.Add(responses.Count(r => r == $"The answer is {q.Answer}."));
        }

        Assert.Equal([0, 1, 2, 3], patterns.Order());
    }
}
