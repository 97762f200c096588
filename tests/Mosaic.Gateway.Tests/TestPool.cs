using Mosaic.Gateway.Hosting;
using Mosaic.Grains.Hosting;
using Mosaic.Scheduling;

namespace Mosaic.Gateway.Tests;

/// <summary>
/// The emulated pool every gateway test serves: three fast instruct experts the router picks from, a slow one (only
/// reachable by name: 50 ms a call) for runs long enough to cancel, and an aggregator.
/// </summary>
internal static class TestPool
{
    public const string Aggregator = "judge";
    public const string Slow = "slow";
    public const double TimeScale = 0.01;

    public static readonly string[] Fast = ["alpha", "beta", "gamma"];

    public static MosaicGrainsOptions Grains() => new()
    {
        Backend = BackendKind.Emulated,
        TimeScale = TimeScale,
        PlanTimeLimitMs = 1000,
        Experts = new Dictionary<string, ExpertOptions>(StringComparer.Ordinal)
        {
            ["alpha"] = Instruct(0.3),
            ["beta"] = Instruct(0.3),
            ["gamma"] = Instruct(0.3),
            [Slow] = Instruct(5),
            [Aggregator] = new ExpertOptions { Kind = ExpertKind.Reasoning, LoadSeconds = 1, PerPromptSeconds = 0.5, MeanOutputTokens = 300 },
        },
    };

    public static PoolOptions Pool() => new()
    {
        Experts = [.. Fast, Slow],
        Aggregator = Aggregator,
        Router = new PoolRouterOptions
        {
            SkillAccuracy = new(StringComparer.Ordinal)
            {
                ["alpha"] = new(StringComparer.Ordinal) { ["add"] = 0.9, ["count"] = 0.2 },
                ["beta"] = new(StringComparer.Ordinal) { ["add"] = 0.8, ["count"] = 0.3 },
                ["gamma"] = new(StringComparer.Ordinal) { ["add"] = 0.1, ["count"] = 0.9 },
            },
            SkillPatterns = new(StringComparer.Ordinal) { ["add"] = @"^What is \d+ \+ \d+\?$", ["count"] = "^How many " },
        },
    };

    private static ExpertOptions Instruct(double perPrompt) => new()
    {
        Kind = ExpertKind.Instruct, LoadSeconds = 1, PerPromptSeconds = perPrompt, MeanOutputTokens = 20,
    };
}
