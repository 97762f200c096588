namespace Mosaic.Zoo.Tasks;

/// <summary>
/// One generated question with its exact answer. <see cref="Numbers"/> holds the operands (or the list for
/// <c>max</c>); <see cref="Letters"/> and <see cref="Target"/> are set for <c>count</c> only.
/// </summary>
public sealed record SkillQuestion(
    string Id,
    string Skill,
    int Difficulty,
    string Text,
    string Answer,
    IReadOnlyList<int> Numbers,
    string Letters = "",
    char Target = ' ');
