using Mosaic.Gateway.Hosting;
using Mosaic.Hosting.Pools;

namespace Mosaic.Cli.Batch;

/// <summary>A pool file's pool as the gateway serves it (<c>mosaic serve --config</c>).</summary>
internal static class GatewayPools
{
    /// <summary>
    /// The MoA model <see cref="PoolConfig.Model"/> over the experts, with the file's aggregator, gate, scheduler,
    /// answer format, router and skills.
    /// </summary>
    /// <exception cref="GatewayConfigurationException">The gateway cannot serve this pool; the message names the setting.</exception>
    public static PoolOptions From(PoolConfig pool) => new PoolOptions
    {
        ModelName = pool.Model,
        Experts = [.. pool.Experts],
        Aggregator = pool.Aggregator,
        GateRule = pool.Gate.Rule,
        GateThreshold = pool.Gate.Threshold,
        SameExpert = pool.Gate.SameExpert,
        EarlyDecisions = pool.Gate.EarlyDecisions,
        Scheduler = pool.Scheduler,
        AnswerFormat = pool.AnswerFormat,
        OverlapStages = pool.OverlapStages,
        ShareRepeatedCalls = pool.ShareRepeatedCalls,
        Router = pool.Router is not { } router ? null : new PoolRouterOptions
        {
            SkillAccuracy = router.SkillAccuracy.ToDictionary(
                e => e.Key, e => e.Value.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal), StringComparer.Ordinal),
            SkillPatterns = pool.Skills.ToDictionary(s => s.Name, s => s.Pattern.ToString(), StringComparer.Ordinal),
            K = router.K,
            WithReplacement = router.WithReplacement,
            Temperature = router.Temperature,
            Seed = router.Seed,
        },
    }.Validate();
}
