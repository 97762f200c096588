using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Mosaic.Aggregation.Gating;

/// <summary>How slots filled by the same expert vote (the router may pick an expert more than once).</summary>
[TypeConverter(typeof(EnumNameConverter<SameExpertPolicy>))]
public enum SameExpertPolicy
{
    /// <summary>Every slot votes, as in MOSAIC's formula taken literally.</summary>
    [JsonStringEnumMemberName("every-slot")]
    CountEverySlot,

    /// <summary>
    /// An expert's vote for an answer counts once however many of its slots gave that answer: a model agreeing with
    /// itself is not independent evidence. The denominator stays k, so unanimity needs k distinct experts.
    /// </summary>
    [JsonStringEnumMemberName("once-per-expert")]
    CountOncePerExpert,
}
