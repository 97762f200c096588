using Mosaic.Scheduling.Emulation;

namespace Mosaic.Scheduling;

/// <summary>The paper's derived quantities (Eqs. 3 and 8) and the shard-size throughput of Appendix A.6.</summary>
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

    /// <summary>
    /// Fraction of its saturated throughput an expert keeps in one engine run of <paramref name="prompts"/> prompts:
    /// n·τ_m / max(n·τ_m, D(n)). 1 for full runs and reasoning shards; about a half for 137–239-prompt instruction
    /// shards (Appendix A.6).
    /// </summary>
    public static double ShardThroughputFraction(ExpertSpec expert, int prompts, RunTail tail)
    {
        var work = prompts * expert.MeanPromptCost;
        return work <= 0 ? 1 : work / tail.GenerationSeconds(expert.Kind, prompts, work);
    }
}
