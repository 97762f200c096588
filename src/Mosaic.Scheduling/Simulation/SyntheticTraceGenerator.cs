namespace Mosaic.Scheduling.Simulation;

/// <summary>
/// Seeded synthetic traces: each expert's output lengths are log-normal around its mean Ō_m (reasoning experts
/// σ = 0.45, instruction experts σ = 0.6, matching the paper's 1,500–6,000-token reasoning tail), and a prompt costs
/// τ_m · length / Ō_m, so the expected total equals the instance's predicted work.
/// </summary>
public sealed class SyntheticTraceGenerator(int seed)
{
    public const double ReasoningSigma = 0.45;
    public const double InstructSigma = 0.6;

    public Trace Generate(SchedulingInstance instance)
    {
        var random = new Random(seed);
        var seconds = new Dictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);
        var tokens = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        foreach (var expert in instance.ActiveExperts)
        {
            var mean = expert.MeanOutputTokens ?? (expert.Kind == ExpertKind.Reasoning ? 3000 : 200);
            var sigma = expert.Kind == ExpertKind.Reasoning ? ReasoningSigma : InstructSigma;
            var mu = Math.Log(mean) - sigma * sigma / 2;
            var lengths = new int[expert.Prompts];
            var costs = new double[expert.Prompts];
            for (var q = 0; q < expert.Prompts; q++)
            {
                lengths[q] = Math.Max(1, (int)Math.Round(Math.Exp(mu + sigma * Normal(random))));
                costs[q] = expert.MeanPromptCost * lengths[q] / mean;
            }

            seconds[expert.Name] = costs;
            tokens[expert.Name] = lengths;
        }

        return new Trace(seconds, tokens);
    }

    /// <summary>
    /// Per-prompt cost predictions with multiplicative log-normal error of <paramref name="errorSigma"/>, as a
    /// length predictor would give: the input for planning with per-prompt costs (extension c).
    /// </summary>
    public static SchedulingInstance WithPredictedCosts(SchedulingInstance instance, Trace trace, double errorSigma, int seed)
    {
        var random = new Random(seed);
        var experts = instance.Experts.Select(e => e.Prompts == 0
            ? e
            : e with
            {
                PromptCosts = trace.Seconds[e.Name]
                    .Select(c => c * Math.Exp(errorSigma * Normal(random) - errorSigma * errorSigma / 2)).ToArray(),
            }).ToArray();
        return instance with { Experts = experts };
    }

    private static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
