using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Gating;

namespace Mosaic.Grains.Queries;

/// <summary>Maps the wire gate and format names onto the aggregation library's settings.</summary>
internal static class GateSpecs
{
    /// <summary>The paper's baseline: no gate, every question to the aggregator.</summary>
    public static bool IsOff(GateSpec spec) => spec.Rule == "off";

    public static GateSettings ToSettings(GateSpec spec) => new(
        spec.Rule switch
        {
            "vote" or "off" => GateRule.VoteFraction,
            "beta" => GateRule.Beta,
            _ => throw new ArgumentException($"gate rule must be 'vote', 'beta' or 'off', got '{spec.Rule}'"),
        },
        spec.Threshold is > 0 and <= 1 ? spec.Threshold : throw new ArgumentException($"gate threshold must be in (0, 1], got {spec.Threshold}"),
        spec.SameExpert switch
        {
            "count-each" => SameExpertPolicy.CountEverySlot,
            "count-once" => SameExpertPolicy.CountOncePerExpert,
            _ => throw new ArgumentException($"same-expert policy must be 'count-each' or 'count-once', got '{spec.SameExpert}'"),
        });

    public static AnswerFormat ToFormat(string name) =>
        AnswerFormatNames.TryParse(name, out var format)
            ? format
            : throw new ArgumentException($"answer format must be one of {string.Join(", ", AnswerFormatNames.All)}, got '{name}'");
}
