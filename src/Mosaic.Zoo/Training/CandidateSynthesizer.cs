using System.Globalization;
using Mosaic.Zoo.Tasks;

namespace Mosaic.Zoo.Training;

/// <summary>
/// Synthetic expert responses for aggregator training. The number of correct candidates is drawn so that
/// unanimous, split and wrong-majority patterns all occur, wrong answers are near misses (one digit, ±1, ±10)
/// and identical wrong answers appear too (the same weak expert routed twice). Most sets hold at most one right
/// answer, so copying candidates does not pay: the aggregator learns to work the question out (with more
/// agreeable candidates it learnt to copy their digits into its own scratchpad).
/// </summary>
internal static class CandidateSynthesizer
{
    public static IReadOnlyList<string> Responses(SkillQuestion question, Random random)
    {
        var correct = random.NextDouble() switch
        {
            < 0.10 => 3,
            < 0.30 => 2,
            < 0.60 => 1,
            _ => 0,
        };
        var answers = new List<string>();
        for (var i = 0; i < correct; i++)
        {
            answers.Add(question.Answer);
        }

        var wrong = NearMiss(question.Answer, random);
        while (answers.Count < 3)
        {
            answers.Add(random.NextDouble() < 0.4 ? wrong : NearMiss(question.Answer, random));
        }

        for (var i = answers.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (answers[i], answers[j]) = (answers[j], answers[i]);
        }

        return answers.Select(ResponseWriter.Final).ToArray();
    }

    private static string NearMiss(string answer, Random random)
    {
        var value = int.Parse(answer, CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var candidate = random.Next(4) switch
            {
                0 => value + (random.Next(2) == 0 ? -1 : 1),
                1 => value + (random.Next(2) == 0 ? -10 : 10),
                2 => ReplaceDigit(answer, random),
                _ => random.Next(0, Math.Max(10, value * 2)),
            };
            if (candidate >= 0 && candidate != value)
            {
                return candidate.ToString(CultureInfo.InvariantCulture);
            }
        }

        return (value + 1).ToString(CultureInfo.InvariantCulture);
    }

    private static int ReplaceDigit(string answer, Random random)
    {
        var digits = answer.ToCharArray();
        var position = random.Next(digits.Length);
        digits[position] = (char)('0' + random.Next(10));
        return int.Parse(new string(digits), CultureInfo.InvariantCulture);
    }
}
