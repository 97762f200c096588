namespace Mosaic.Scheduling.Instances;

/// <summary>
/// Seeded paper-shaped instances of any size: a third of the experts reason (τ 1.5–2.5 s/prompt), the rest are
/// instruction models (τ 0.1–0.2 s/prompt); loads 38–47 s; ~1,050 prompts per expert routed with a Zipf(1) skew
/// like a skill router's popularity; K is the paper's 2, raised to ⌈M/N⌉ when that is needed for feasibility.
/// </summary>
public static class SyntheticInstanceGenerator
{
    public static SchedulingInstance Generate(int experts, int workers, int seed)
    {
        if (experts < 1 || workers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(experts), "need at least one expert and one worker");
        }

        var random = new Random(seed);
        var totalPrompts = 1050 * experts;
        var weights = Enumerable.Range(1, experts).Select(rank => 1.0 / rank).OrderBy(_ => random.Next()).ToArray();
        var weightSum = weights.Sum();
        var specs = Enumerable.Range(0, experts).Select(m =>
        {
            var reasoning = m % 3 == 1;
            var perPrompt = reasoning ? 1.5 + random.NextDouble() : 0.1 + random.NextDouble() / 10;
            var prompts = Math.Max(1, (int)Math.Round(totalPrompts * weights[m] / weightSum));
            return new ExpertSpec(
                $"expert{m:00}", reasoning ? ExpertKind.Reasoning : ExpertKind.Instruct, 38 + random.Next(10), Math.Round(perPrompt, 4), prompts,
                MeanOutputTokens: reasoning ? 3000 : 250);
        }).ToArray();
        var k = Math.Max(2, (experts + workers - 1) / workers);
        return new SchedulingInstance(
            $"synthetic-m{experts}-n{workers}-s{seed}", specs, Enumerable.Range(0, workers).Select(n => new WorkerSpec($"gpu{n}")).ToArray(), k)
            .Validate();
    }
}
