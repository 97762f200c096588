namespace Mosaic.Scheduling;

/// <summary>The paper's derived quantities (Eqs. 3 and 8).</summary>
public static class CostModel
{
    /// <summary>τ_m = T̂_m / N_m.</summary>
    public static double PerPromptSeconds(double predictedSessionSeconds, int prompts) =>
        prompts <= 0 ? 0 : predictedSessionSeconds / prompts;

    /// <summary>
    /// R^max_m = clamp(1, ⌊T̂_m / ℓ_m⌋, N): a model may go on as many workers as its execution time can pay one
    /// extra load each. A model that loads instantly may go everywhere.
    /// </summary>
    public static int ReplicaCap(double totalWorkSeconds, double loadSeconds, int workers)
    {
        if (workers < 1)
        {
            return 1;
        }

        if (loadSeconds <= 0)
        {
            return workers;
        }

        var ratio = Math.Floor(totalWorkSeconds / loadSeconds);
        return (int)Math.Clamp(ratio, 1, workers);
    }

    public static int ReplicaCap(ExpertSpec expert, int workers) =>
        ReplicaCap(expert.TotalWorkSeconds, expert.LoadSeconds, workers);
}
