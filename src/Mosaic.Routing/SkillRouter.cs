namespace Mosaic.Routing;

/// <summary>
/// Picks <see cref="RouterOptions.K"/> experts per question by weighted sampling: an expert's weight on a skill is
/// softmax(score / temperature) over all experts (Symbolic-MoE's normalised score). Each question draws from its own
/// generator seeded by the router seed and a stable hash of a key the caller names (a dataset's question id, a job's
/// question text), so a question's experts do not depend on which other questions are routed with it or in what order.
/// </summary>
public sealed class SkillRouter
{
    private readonly SkillProfile profile;
    private readonly RouterOptions options;

    public SkillRouter(SkillProfile profile, RouterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        this.profile = profile;
        this.options = options ?? RouterOptions.Default;
        this.options.Validate(profile.Experts.Count);
    }

    public RouterOptions Options => options;

    /// <summary>Sampling probabilities of every expert for one skill (one draw, before any removal).</summary>
    public IReadOnlyDictionary<string, double> Probabilities(string skill)
    {
        var weights = Weights(skill);
        var total = weights.Sum();
        return profile.Experts.Select((e, i) => (e, weights[i] / total)).ToDictionary(p => p.e, p => p.Item2, StringComparer.Ordinal);
    }

    /// <summary>The experts for one question, one per slot, in draw order; the same key always draws the same experts.</summary>
    public IReadOnlyList<string> Choose(string key, string skill)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(skill);
        var random = new Random(unchecked(options.Seed * 16777619 ^ StableHash(key)));
        var weights = Weights(skill);
        var chosen = new List<string>(options.K);
        for (var slot = 0; slot < options.K; slot++)
        {
            var index = Draw(weights, random);
            chosen.Add(profile.Experts[index]);
            if (!options.WithReplacement)
            {
                weights[index] = 0;
            }
        }

        return chosen;
    }

    public RoutedQuestion Route(string id, string text, string skill, string goldAnswer) =>
        new(id, text, skill, goldAnswer, Choose(id, skill));

    private double[] Weights(string skill)
    {
        var scores = profile.Experts.Select(e => profile.Score(e, skill) / options.Temperature).ToArray();
        var max = scores.Max();
        return scores.Select(s => Math.Exp(s - max)).ToArray();
    }

    private static int Draw(double[] weights, Random random)
    {
        var total = weights.Sum();
        var target = random.NextDouble() * total;
        var last = -1;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] <= 0)
            {
                continue;
            }

            last = i;
            target -= weights[i];
            if (target < 0)
            {
                return i;
            }
        }

        return last;
    }

    /// <summary>FNV-1a over UTF-16 code units: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    internal static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return unchecked((int)hash);
    }
}
