using Mosaic.Grains.Hosting;
using Mosaic.Scheduling;

namespace Mosaic.Grains.Tests;

internal static class TestOptions
{
    /// <summary>
    /// Worker gpu0, emulated: <c>x</c> and <c>y</c> are quick experts (≈1 ms a call at this scale), <c>mid</c> ≈20 ms, <c>slow</c> takes
    /// seconds a call (long enough to observe it running), <c>agg</c> is the aggregator.
    /// </summary>
    public static MosaicGrainsOptions Emulated(Action<MosaicGrainsOptions>? configure = null)
    {
        var options = new MosaicGrainsOptions
        {
            Worker = "gpu0",
            Backend = BackendKind.Emulated,
            TimeScale = 0.001,
            MaxBatchSize = 4,
            SessionWaitSeconds = 60,
            OutcomeFlushMilliseconds = 5,
            Experts = new(StringComparer.Ordinal)
            {
                ["x"] = Expert(ExpertKind.Instruct, perPrompt: 1),
                ["y"] = Expert(ExpertKind.Reasoning, perPrompt: 2),
                ["agg"] = Expert(ExpertKind.Instruct, perPrompt: 1),
                ["mid"] = Expert(ExpertKind.Instruct, perPrompt: 20),
                ["slow"] = Expert(ExpertKind.Instruct, perPrompt: 30_000),
            },
        };
        configure?.Invoke(options);
        return options.Validate();
    }

    public static ExpertOptions Expert(ExpertKind kind, double perPrompt, double loadSeconds = 5) => new()
    {
        Kind = kind,
        LoadSeconds = loadSeconds,
        PerPromptSeconds = perPrompt,
        MeanOutputTokens = 100,
    };
}
