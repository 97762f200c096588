using CsCheck;
using Mosaic.Aggregation.Gating;

namespace Mosaic.Aggregation.Tests.Gating;

/// <summary>Beyond the exhaustive range: random answer sequences with k up to 9 never see an early decision overturned.</summary>
public sealed class EarlyDecisionPropertyTests
{
    private static readonly Gen<GateSettings> AnySettings = Gen.Select(
        Gen.Enum<GateRule>(),
        Gen.OneOf(Gen.OneOfConst(1.0, 2.0 / 3.0, 0.95, 0.5), Gen.Double[0.05, 1.0]),
        Gen.Enum<SameExpertPolicy>(),
        (rule, threshold, policy) => new GateSettings(rule, threshold, policy));

    private static readonly Gen<ExpertAnswer[]> AnySlots = Gen.Select(
            Gen.OneOfConst("e1", "e2", "e3", "e4", "e5"),
            Gen.OneOfConst<string?>("A", "B", "C", null))
        .Select((expert, answer) => new ExpertAnswer(expert, answer))
        .Array[1, 9];

    [Fact]
    public void DecideEarly_AtEveryPrefix_AgreesWithTheFullDecision() =>
        Gen.Select(AnySlots, AnySettings).Sample(
            (slots, settings) =>
            {
                var full = ConfidenceGate.Decide(slots, settings);
                for (var received = 0; received <= slots.Length; received++)
                {
                    var early = ConfidenceGate.DecideEarly(slots[..received], slots.Length - received, settings);
                    switch (early)
                    {
                        case EarlyDecision.Settled settled:
                            Assert.True(full.SkipsAggregator && full.Answer == settled.Decision.Answer, $"{early} vs {full.Reason}");
                            break;
                        case EarlyDecision.BoundForAggregator:
                            Assert.False(full.SkipsAggregator, $"{early} vs {full.Reason}");
                            break;
                    }
                }
            },
            iter: 3000);
}
