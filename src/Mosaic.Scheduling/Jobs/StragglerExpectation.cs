namespace Mosaic.Scheduling.Jobs;

/// <summary>
/// The expected makespan of workers that run in parallel when each one's speed wanders independently: worker w takes
/// its planned seconds times a lognormal factor of mean 1 and log standard deviation σ (the spread). A plan balanced
/// across workers ends with its slowest, so the expected makespan exceeds the planned one even when every worker is
/// priced right on average: two equal workers at σ = 0.15 take about 8% longer.
/// </summary>
public static class StragglerExpectation
{
    private const int Steps = 4000;

    /// <summary>E[max_w T_w·X_w] = ∫₀^∞ (1 − Π_w P(T_w·X_w ≤ t)) dt, integrated numerically.</summary>
    public static double ExpectedMakespan(IReadOnlyList<double> workerSeconds, double spread)
    {
        ArgumentNullException.ThrowIfNull(workerSeconds);
        var busy = workerSeconds.Where(s => s > 0 && double.IsFinite(s)).ToArray();
        if (busy.Length == 0)
        {
            return 0;
        }

        if (!(spread > 0) || busy.Length == 1)
        {
            return busy.Max();
        }

        var upper = busy.Max() * Math.Exp(8 * spread);
        var step = upper / Steps;
        var integral = 0.0;
        for (var i = 0; i < Steps; i++)
        {
            var t = (i + 0.5) * step;
            var allDone = 1.0;
            foreach (var seconds in busy)
            {
                allDone *= NormalCdf((Math.Log(t / seconds) + (spread * spread / 2)) / spread);
            }

            integral += (1 - allDone) * step;
        }

        return integral;
    }

    /// <summary>Φ(z) by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7).</summary>
    private static double NormalCdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var k = 1 / (1 + (0.3275911 * x));
        var poly = k * (0.254829592 + (k * (-0.284496736 + (k * (1.421413741 + (k * (-1.453152027 + (k * 1.061405429))))))));
        var erf = 1 - (poly * Math.Exp(-x * x));
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
