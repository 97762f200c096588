namespace Mosaic.Routing;

/// <summary>
/// Per-expert, per-skill calibration accuracy. The routing score of an expert on a skill is Symbolic-MoE's mean
/// keyword score: +1 per correct and −1 per wrong calibration answer, averaged, so it lies in [−1, 1].
/// </summary>
public sealed class SkillProfile
{
    private readonly Dictionary<string, Dictionary<string, double>> accuracy;

    private SkillProfile(IReadOnlyList<string> experts, IReadOnlyList<string> skills, Dictionary<string, Dictionary<string, double>> accuracy)
    {
        Experts = experts;
        Skills = skills;
        this.accuracy = accuracy;
    }

    /// <summary>Experts in first-seen order; sampling and the output keep this order.</summary>
    public IReadOnlyList<string> Experts { get; }

    public IReadOnlyList<string> Skills { get; }

    public static SkillProfile FromResults(IEnumerable<CalibrationResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var tallies = new Dictionary<string, Dictionary<string, (int Right, int Total)>>(StringComparer.Ordinal);
        var experts = new List<string>();
        var skills = new List<string>();
        foreach (var result in results)
        {
            if (!tallies.TryGetValue(result.Expert, out var perSkill))
            {
                perSkill = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
                tallies[result.Expert] = perSkill;
                experts.Add(result.Expert);
            }

            if (!skills.Contains(result.Skill))
            {
                skills.Add(result.Skill);
            }

            var (right, total) = perSkill.GetValueOrDefault(result.Skill);
            perSkill[result.Skill] = (right + (result.Correct ? 1 : 0), total + 1);
        }

        var profile = FromAccuracy(experts.ToDictionary(
            e => e,
            e => (IReadOnlyDictionary<string, double>)tallies[e].ToDictionary(s => s.Key, s => (double)s.Value.Right / s.Value.Total)));
        // FromAccuracy lists skills expert by expert; the results' own first-seen order is the one to keep.
        return new SkillProfile(profile.Experts, skills, profile.accuracy);
    }

    /// <summary>From accuracies in [0, 1] (for example a manifest's calibration figures).</summary>
    public static SkillProfile FromAccuracy(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> accuracyByExpert)
    {
        ArgumentNullException.ThrowIfNull(accuracyByExpert);
        if (accuracyByExpert.Count == 0)
        {
            throw new ArgumentException("a skill profile needs at least one expert", nameof(accuracyByExpert));
        }

        var table = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        var skills = new List<string>();
        foreach (var (expert, perSkill) in accuracyByExpert)
        {
            foreach (var (skill, value) in perSkill)
            {
                if (value is < 0 or > 1 || double.IsNaN(value))
                {
                    throw new ArgumentOutOfRangeException(nameof(accuracyByExpert), value, $"accuracy of '{expert}' on '{skill}' must lie in [0, 1]");
                }

                if (!skills.Contains(skill))
                {
                    skills.Add(skill);
                }
            }

            table[expert] = new Dictionary<string, double>(perSkill, StringComparer.Ordinal);
        }

        return new SkillProfile([.. accuracyByExpert.Keys], skills, table);
    }

    /// <summary>Calibration accuracy, or null when the expert was never calibrated on the skill.</summary>
    public double? Accuracy(string expert, string skill) =>
        accuracy.TryGetValue(expert, out var perSkill) && perSkill.TryGetValue(skill, out var value) ? value : null;

    /// <summary>
    /// The routing score in [−1, 1]. An expert without calibration data on the skill gets its mean score over the
    /// skills it was calibrated on (its global strength), so unknown skills still route sensibly.
    /// </summary>
    public double Score(string expert, string skill)
    {
        if (!accuracy.TryGetValue(expert, out var perSkill))
        {
            throw new ArgumentException($"unknown expert '{expert}'", nameof(expert));
        }

        var value = perSkill.TryGetValue(skill, out var known) ? known : perSkill.Count == 0 ? 0.5 : perSkill.Values.Average();
        return 2 * value - 1;
    }
}
