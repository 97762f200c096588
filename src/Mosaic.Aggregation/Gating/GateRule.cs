using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Mosaic.Aggregation.Gating;

/// <summary>The statistic the gate compares with its threshold.</summary>
[TypeConverter(typeof(EnumNameConverter<GateRule>))]
public enum GateRule
{
    /// <summary>MOSAIC's vote fraction: the largest agreeing group divided by k, the number of slots.</summary>
    [JsonStringEnumMemberName("vote")]
    VoteFraction,

    /// <summary>
    /// Adaptive-Consistency's Beta rule: with a votes for the leader and b for the runner-up,
    /// P(p &gt; 1/2) for p ~ Beta(a+1, b+1), which equals P[Bin(a+b+1, 1/2) &lt;= a].
    /// </summary>
    [JsonStringEnumMemberName("beta")]
    Beta,

    /// <summary>No gate: every question goes to the aggregator (the paper's full-aggregation baseline).</summary>
    [JsonStringEnumMemberName("off")]
    Off,
}
