using CsCheck;

namespace Mosaic.Scheduling.Tests;

/// <summary>Random but always valid scheduling instances for property tests.</summary>
internal static class InstanceGenerators
{
    public static readonly Gen<SchedulingInstance> Small =
        from workers in Gen.Int[1, 4]
        from experts in Gen.Select(Gen.Double[0, 60], Gen.Double[0.01, 4], Gen.Int[0, 80], Gen.Bool).Array[1, 6]
        from extraK in Gen.Int[0, 2]
        where experts.Any(e => e.Item3 > 0)
        select Build(workers, experts, extraK);

    private static SchedulingInstance Build(int workers, (double Load, double Cost, int Prompts, bool Reasoning)[] experts, int extraK)
    {
        var active = experts.Count(e => e.Prompts > 0);
        var k = (active + workers - 1) / workers + extraK;
        return new SchedulingInstance(
            "random",
            experts.Select((e, m) => new ExpertSpec(
                $"e{m}", e.Reasoning ? ExpertKind.Reasoning : ExpertKind.Instruct, Math.Round(e.Load, 2), Math.Round(e.Cost, 3), e.Prompts)).ToArray(),
            Enumerable.Range(0, workers).Select(n => new WorkerSpec($"w{n}")).ToArray(),
            k).Validate();
    }
}
