using System.Text.RegularExpressions;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// The skill router of the MoA model: each expert's calibration accuracy per skill (for the zoo, the manifest's
/// calibration accuracies), how many experts a question gets and how they are drawn, and how a question's skill is
/// found: the request's <c>mosaic.skill</c>, else the first of <see cref="SkillPatterns"/> (skill → regular
/// expression) that matches the question, else <see cref="AnySkill"/>: each expert's mean accuracy over its skills.
/// </summary>
public sealed class PoolRouterOptions
{
    /// <summary>The skill a question gets when none is given or recognised.</summary>
    public const string AnySkill = "any";

    public Dictionary<string, Dictionary<string, double>> SkillAccuracy { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> SkillPatterns { get; set; } = new(StringComparer.Ordinal);

    public int K { get; set; } = 3;

    public bool WithReplacement { get; set; } = true;

    public double Temperature { get; set; } = 0.5;

    public int Seed { get; set; }

    internal void Validate(IReadOnlyList<string> experts)
    {
        const string Section = PoolOptions.SectionName + ":Router";
        if (SkillAccuracy.Count == 0)
        {
            throw new GatewayConfigurationException($"{Section}:SkillAccuracy is empty: give each expert's accuracy per skill, or leave the router out.");
        }

        if (SkillAccuracy.Keys.FirstOrDefault(e => !experts.Contains(e)) is { } stranger)
        {
            throw new GatewayConfigurationException($"{Section}:SkillAccuracy scores '{stranger}', which is not in {PoolOptions.SectionName}:Experts.");
        }

        foreach (var (expert, skills) in SkillAccuracy)
        {
            if (skills.FirstOrDefault(s => s.Value is < 0 or > 1 || double.IsNaN(s.Value)) is { Key: { } skill } bad)
            {
                throw new GatewayConfigurationException($"{Section}:SkillAccuracy:{expert}:{skill} must lie in [0, 1], got {bad.Value}.");
            }
        }

        if (K < 1 || !(Temperature > 0) || !double.IsFinite(Temperature) || (!WithReplacement && K > SkillAccuracy.Count))
        {
            throw new GatewayConfigurationException($"{Section}: K must be at least 1 (and at most the scored experts without replacement) and Temperature positive.");
        }

        foreach (var (skill, pattern) in SkillPatterns)
        {
            try
            {
                _ = new Regex(pattern);
            }
            catch (ArgumentException e)
            {
                throw new GatewayConfigurationException($"{Section}:SkillPatterns:{skill} is not a regular expression ({e.Message}).");
            }
        }
    }
}
