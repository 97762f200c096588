using System.Text.RegularExpressions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Extraction;
using Mosaic.Gateway.Hosting;
using Mosaic.Grains.Hosting;

namespace Mosaic.Cli.Batch;

/// <summary>
/// A serving pool as <c>mosaic run --config</c> reads it (format in docs/demo.md): the model name requests use, the
/// experts and the aggregator with their checkpoint folders, kinds and limits (as the silo options), how questions
/// are routed (skill patterns and the router's calibration accuracies), the gate, the scheduler, the answer format,
/// and whether a question's slots routed to the same expert share one call.
/// </summary>
internal sealed record PoolConfig(
    string Model,
    MosaicGrainsOptions Grains,
    string Aggregator,
    GateSpec Gate,
    SchedulerKind Scheduler,
    AnswerFormat AnswerFormat,
    bool OverlapStages,
    int Workers,
    RouterSpec? Router,
    IReadOnlyList<SkillPattern> Skills,
    bool ShareRepeatedCalls = true)
{
    public const string DefaultSkill = "general";

    public IReadOnlyList<string> Experts => [.. Grains.Experts.Keys.Where(e => e != Aggregator)];

    /// <summary>The skill of a question: the first pattern that matches its text, else <see cref="DefaultSkill"/>.</summary>
    public string SkillOf(string text) => Skills.FirstOrDefault(s => s.Pattern.IsMatch(text.Trim()))?.Name ?? DefaultSkill;

    /// <summary>
    /// The same pool as the gateway serves it (<c>mosaic serve --config</c>): the MoA model <see cref="Model"/> over
    /// the experts, with this file's aggregator, gate, scheduler, answer format, router and skills.
    /// </summary>
    /// <exception cref="GatewayConfigurationException">The gateway cannot serve this pool; the message names the setting.</exception>
    public PoolOptions GatewayPool() => new PoolOptions
    {
        ModelName = Model,
        Experts = [.. Experts],
        Aggregator = Aggregator,
        GateRule = Gate.Rule,
        GateThreshold = Gate.Threshold,
        EarlyDecisions = Gate.EarlyDecisions,
        Scheduler = Scheduler,
        AnswerFormat = AnswerFormat,
        OverlapStages = OverlapStages,
        ShareRepeatedCalls = ShareRepeatedCalls,
        Router = Router is null ? null : new PoolRouterOptions
        {
            SkillAccuracy = Router.SkillAccuracy.ToDictionary(
                e => e.Key, e => e.Value.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal), StringComparer.Ordinal),
            SkillPatterns = Skills.ToDictionary(s => s.Name, s => s.Pattern.ToString(), StringComparer.Ordinal),
            K = Router.K,
            WithReplacement = Router.WithReplacement,
            Temperature = Router.Temperature,
            Seed = Router.Seed,
        },
    }.Validate();

    internal static Regex Compile(string pattern) => new(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
}
