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

    public const int MinDifficulty = 1;
    public const int MaxDifficulty = 3;
}
