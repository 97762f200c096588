using Mosaic.Zoo.Tasks;

namespace Mosaic.Zoo;

/// <summary>
/// The demo zoo: three direct-answer experts (letter counting) and three scratchpad experts (arithmetic and lists)
/// of different sizes and skill mixes, each missing several skills, and one aggregator trained on all skills.
/// </summary>
public static class ZooCatalog
{
    public static IReadOnlyList<ExpertSpec> Experts { get; } =
    [
        new("quick-small", ExpertKind.Instruction, 64, 2, 4, 192, [Skills.Counting], 2500, 32, 3e-3, 11),
        new("quick-medium", ExpertKind.Instruction, 64, 3, 4, 192, [Skills.Counting], 3500, 32, 3e-3, 12),
        new("quick-large", ExpertKind.Instruction, 64, 4, 4, 192, [Skills.Counting], 3500, 32, 3e-3, 13),
        new("think-arith", ExpertKind.Reasoning, 64, 2, 4, 192, [Skills.Addition, Skills.Subtraction], 2100, 24, 3e-3, 21),
        new("think-lists", ExpertKind.Reasoning, 64, 2, 4, 192, [Skills.Maximum, Skills.Addition], 1500, 24, 3e-3, 22),
        new("think-large", ExpertKind.Reasoning, 80, 2, 4, 224, [Skills.Subtraction, Skills.Addition], 1800, 24, 3e-3, 23),
    ];

    /// <summary>Trained last, on the experts' own responses to routed training questions (see AggregatorData).</summary>
    public static ExpertSpec Aggregator { get; } =
        new("aggregator", ExpertKind.Aggregator, 64, 3, 4, 192, Skills.All, 2500, 24, 3e-3, 31);

    /// <summary>Routed training questions the experts answer to make the aggregator's training set.</summary>
    public const int AggregatorQuestions = 20000;

    public static IEnumerable<ExpertSpec> All => Experts.Append(Aggregator);

    public static ExpertSpec Find(string name) =>
        All.FirstOrDefault(s => s.Name == name)
        ?? throw new ZooException($"unknown zoo model '{name}' (expected one of: {string.Join(", ", All.Select(s => s.Name))})");
}
