using Mosaic.Aggregation.Gating;

namespace Mosaic.Gateway.Api;

/// <summary>The confidence gate's decision: whether the aggregator was skipped, the majority, the statistic against the threshold, and why.</summary>
internal sealed record MosaicGate(
    bool SkippedAggregator,
    string? MajorityAnswer,
    double Confidence,
    double Threshold,
    GateRule Rule,
    bool DecidedEarly,
    string Reason);
