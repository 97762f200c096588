using System.Numerics;

namespace Mosaic.Aggregation.Gating;

/// <summary>Adaptive-Consistency's Beta stopping statistic, computed exactly.</summary>
internal static class BetaRule
{
    /// <summary>
    /// P(p &gt; 1/2) for p ~ Beta(leader + 1, runnerUp + 1), which equals P[Bin(leader + runnerUp + 1, 1/2) &lt;= leader].
    /// Rises with the leader's votes and falls with the runner-up's.
    /// </summary>
    public static double ProbabilityLeaderIsMajority(int leader, int runnerUp)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(leader);
        ArgumentOutOfRangeException.ThrowIfNegative(runnerUp);
        var n = leader + runnerUp + 1;
        var term = BigInteger.One;
        var sum = BigInteger.One;
        for (var i = 1; i <= leader; i++)
        {
            term = term * (n - i + 1) / i;
            sum += term;
        }

        // Below 2^1000 both numbers are exact doubles and the division is correctly rounded.
        return n < 1000
            ? (double)sum / Math.Pow(2, n)
            : Math.Exp(BigInteger.Log(sum) - (n * Math.Log(2)));
    }
}
