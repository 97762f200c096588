namespace Mosaic.Zoo.Tasks;

/// <summary>The names of the synthetic skills; routing profiles, manifests and workload files use these strings.</summary>
public static class Skills
{
    public const string Addition = "add";
    public const string Subtraction = "sub";
    public const string Multiplication = "mul";
    public const string Maximum = "max";
    public const string Counting = "count";

    public static IReadOnlyList<string> All { get; } = [Addition, Subtraction, Multiplication, Maximum, Counting];

    /// <summary>
    /// Each skill's question form (<see cref="QuestionGenerator"/>'s templates) as a regular expression, so a router can
    /// tell a zoo question's skill from its text alone; every generated question matches its own skill's and no other.
    /// </summary>
    public static IReadOnlyDictionary<string, string> QuestionPatterns { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Addition] = @"^What is \d+ \+ \d+\?$",
        [Subtraction] = @"^What is \d+ - \d+\?$",
        [Multiplication] = @"^What is \d+ \* \d+\?$",
        [Maximum] = @"^What is the largest of [\d, ]+\?$",
        [Counting] = @"^How many [a-z] in [a-z]+\?$",
    };

    public const int MinDifficulty = 1;
    public const int MaxDifficulty = 3;
}
