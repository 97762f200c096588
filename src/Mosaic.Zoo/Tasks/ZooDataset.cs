namespace Mosaic.Zoo.Tasks;

/// <summary>
/// The fixed calibration and test sets and the training stream. Test questions are drawn first, calibration
/// questions skip any test text, and the training stream skips both, so the three never share a question text.
/// Every set is a pure function of its seed.
/// </summary>
public sealed class ZooDataset
{
    public const int TestSeed = 5101;
    public const int CalibrationSeed = 5202;

    private readonly HashSet<string> heldOut;

    public ZooDataset(int testPerCell = 40, int calibrationPerCell = 20)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Test = Draw("test", testPerCell, new Random(TestSeed), seen);
        Calibration = Draw("cal", calibrationPerCell, new Random(CalibrationSeed), seen);
        heldOut = seen;
    }

    /// <summary>The default sets: 40 test and 20 calibration questions per skill and difficulty.</summary>
    public static ZooDataset Default { get; } = new();

    public IReadOnlyList<SkillQuestion> Test { get; }

    public IReadOnlyList<SkillQuestion> Calibration { get; }

    public bool IsHeldOut(string questionText) => heldOut.Contains(questionText);

    /// <summary>An endless training stream over <paramref name="skills"/> (uniform skill and difficulty) without held-out texts.</summary>
    public IEnumerable<SkillQuestion> TrainingStream(IReadOnlyList<string> skills, int seed)
    {
        var random = new Random(seed);
        for (long index = 0; ; index++)
        {
            var skill = skills[random.Next(skills.Count)];
            var difficulty = random.Next(Skills.MinDifficulty, Skills.MaxDifficulty + 1);
            var question = QuestionGenerator.Generate(skill, difficulty, random, $"train-{index}");
            if (!heldOut.Contains(question.Text))
            {
                yield return question;
            }
        }
    }

    private static List<SkillQuestion> Draw(string prefix, int perCell, Random random, HashSet<string> seen)
    {
        var result = new List<SkillQuestion>();
        foreach (var skill in Skills.All)
        {
            for (var difficulty = Skills.MinDifficulty; difficulty <= Skills.MaxDifficulty; difficulty++)
            {
                var drawn = 0;
                while (drawn < perCell)
                {
                    var question = QuestionGenerator.Generate(skill, difficulty, random, $"{prefix}-{skill}-{difficulty}-{drawn:D3}");
                    if (seen.Add(question.Text))
                    {
                        result.Add(question);
                        drawn++;
                    }
                }
            }
        }

        return result;
    }
}
