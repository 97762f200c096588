using System.Globalization;

namespace Mosaic.Zoo.Tasks;

/// <summary>
/// Draws questions of one skill and difficulty from a caller-owned <see cref="Random"/>, so a seed fixes the stream.
/// Difficulty 1..3 widens the operands (add/sub/mul), lengthens the list (max) or the string (count).
/// </summary>
internal static class QuestionGenerator
{
    public const string CountAlphabet = "abcd";

    public static SkillQuestion Generate(string skill, int difficulty, Random random, string id)
    {
        if (difficulty is < Skills.MinDifficulty or > Skills.MaxDifficulty)
        {
            throw new ArgumentOutOfRangeException(nameof(difficulty), difficulty, "difficulty must be 1, 2 or 3");
        }

        return skill switch
        {
            Skills.Addition => Addition(difficulty, random, id),
            Skills.Subtraction => Subtraction(difficulty, random, id),
            Skills.Multiplication => Multiplication(difficulty, random, id),
            Skills.Maximum => Maximum(difficulty, random, id),
            Skills.Counting => Counting(difficulty, random, id),
            _ => throw new ArgumentException($"unknown skill '{skill}' (expected one of: {string.Join(", ", Skills.All)})", nameof(skill)),
        };
    }

    private static (int A, int B) Operands(int difficulty, Random random) => difficulty switch
    {
        1 => (random.Next(10, 100), random.Next(0, 10)),
        2 => (random.Next(10, 100), random.Next(10, 100)),
        _ => (random.Next(100, 1000), random.Next(10, 100)),
    };

    private static SkillQuestion Addition(int difficulty, Random random, string id)
    {
        var (a, b) = Operands(difficulty, random);
        return new(id, Skills.Addition, difficulty, $"What is {a} + {b}?", Text(a + b), [a, b]);
    }

    private static SkillQuestion Subtraction(int difficulty, Random random, string id)
    {
        var (a, b) = Operands(difficulty, random);
        if (a < b)
        {
            (a, b) = (b, a);
        }

        return new(id, Skills.Subtraction, difficulty, $"What is {a} - {b}?", Text(a - b), [a, b]);
    }

    private static SkillQuestion Multiplication(int difficulty, Random random, string id)
    {
        var a = difficulty switch
        {
            1 => random.Next(10, 100),
            2 => random.Next(100, 1000),
            _ => random.Next(1000, 10000),
        };
        var d = random.Next(2, 10);
        return new(id, Skills.Multiplication, difficulty, $"What is {a} * {d}?", Text(a * d), [a, d]);
    }

    private static SkillQuestion Maximum(int difficulty, Random random, string id)
    {
        var values = Enumerable.Range(0, difficulty + 2).Select(_ => random.Next(0, 100)).ToArray();
        var text = $"What is the largest of {string.Join(", ", values.Select(Text))}?";
        return new(id, Skills.Maximum, difficulty, text, Text(values.Max()), values);
    }

    private static SkillQuestion Counting(int difficulty, Random random, string id)
    {
        var letters = new string(Enumerable.Range(0, 3 + difficulty).Select(_ => CountAlphabet[random.Next(CountAlphabet.Length)]).ToArray());
        var target = CountAlphabet[random.Next(CountAlphabet.Length)];
        var count = letters.Count(c => c == target);
        return new(id, Skills.Counting, difficulty, $"How many {target} in {letters}?", Text(count), [count], letters, target);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
