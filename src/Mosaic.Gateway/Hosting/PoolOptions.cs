using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Gating;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// What the gateway serves (section <c>Mosaic:Pool</c>): the experts (each one a model of its own), the MoA model
/// <see cref="ModelName"/> over them, its aggregator (none: the unique plurality answers), gate, scheduler and answer
/// format, and the router that picks each question's experts (none: every expert answers every question). The silos
/// must be configured with the same models; <c>/readyz</c> checks it.
/// </summary>
public sealed class PoolOptions
{
    public const string SectionName = "Mosaic:Pool";

    /// <summary>The model id of the mixture of agents.</summary>
    public string ModelName { get; set; } = "mosaic";

    public List<string> Experts { get; set; } = [];

    public string? Aggregator { get; set; }

    public GateRule GateRule { get; set; } = GateRule.VoteFraction;

    public double GateThreshold { get; set; } = 2.0 / 3.0;

    /// <summary>Whether an expert routed to several slots of a question votes once per answer or once per slot.</summary>
    public SameExpertPolicy SameExpert { get; set; } = SameExpertPolicy.CountEverySlot;

    public bool EarlyDecisions { get; set; } = true;

    public SchedulerKind Scheduler { get; set; } = SchedulerKind.Mosaic;

    public AnswerFormat AnswerFormat { get; set; } = AnswerFormat.Auto;

    /// <summary>Most new tokens per call unless a request asks for fewer; null leaves each model at its own limit.</summary>
    public int? MaxNewTokens { get; set; }

    public bool OverlapStages { get; set; } = true;

    /// <summary>A question's slots routed to the same expert share one call (decoding is greedy, so a repeat would say the same).</summary>
    public bool ShareRepeatedCalls { get; set; } = true;

    public PoolRouterOptions? Router { get; set; }

    /// <summary>Every model id the gateway answers to: the mixture first, then each expert.</summary>
    public IReadOnlyList<string> ModelIds => [ModelName, .. Experts];

    /// <exception cref="GatewayConfigurationException">The pool is incomplete or inconsistent; the message names the setting.</exception>
    public PoolOptions Validate()
    {
        if (Experts is not { Count: > 0 })
        {
            throw new GatewayConfigurationException($"{SectionName}:Experts is empty: the gateway needs at least one expert to serve.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in ModelIds)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Contains('@') || name.Contains('/'))
            {
                throw new GatewayConfigurationException($"{SectionName}: model name '{name}' must be non-empty and contain no '@' or '/'.");
            }

            if (!names.Add(name))
            {
                throw new GatewayConfigurationException($"{SectionName}: model name '{name}' appears twice.");
            }
        }

        if (Aggregator is { } aggregator && string.IsNullOrWhiteSpace(aggregator))
        {
            throw new GatewayConfigurationException($"{SectionName}:Aggregator is blank; leave it out for a pool without an aggregator.");
        }

        if (!Enum.IsDefined(GateRule) || (GateRule != GateRule.Off && GateThreshold is not (> 0 and <= 1)))
        {
            throw new GatewayConfigurationException($"{SectionName}: the gate needs a known rule and a threshold in (0, 1], got {GateRule} {GateThreshold}.");
        }

        if (!Enum.IsDefined(SameExpert))
        {
            throw new GatewayConfigurationException($"{SectionName}:SameExpert must be one of {string.Join(", ", EnumNames<SameExpertPolicy>.All)}, got {SameExpert}.");
        }

        if (MaxNewTokens is < 1)
        {
            throw new GatewayConfigurationException($"{SectionName}:MaxNewTokens must be positive.");
        }

        Router?.Validate(Experts);
        return this;
    }
}
