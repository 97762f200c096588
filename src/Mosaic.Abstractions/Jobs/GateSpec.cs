namespace Mosaic.Abstractions.Jobs;

/// <summary>
/// The confidence gate of a job: <see cref="Rule"/> is <c>vote</c> (vote fraction ≥ threshold; 1 conservative,
/// 2/3 aggressive), <c>beta</c> (Adaptive-Consistency's Beta rule) or <c>off</c> (every question goes to the
/// aggregator: the paper's full-aggregation baseline); <see cref="SameExpert"/> says whether two slots
/// filled by one expert count as two votes (<c>count-each</c>) or one (<c>count-once</c>);
/// <see cref="EarlyDecisions"/> cancels expert calls whose answer can no longer change the decision.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.gate-spec")]
public sealed record GateSpec(
    [property: Id(0)] string Rule = "vote",
    [property: Id(1)] double Threshold = 2.0 / 3.0,
    [property: Id(2)] string SameExpert = "count-each",
    [property: Id(3)] bool EarlyDecisions = true);
