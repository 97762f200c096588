namespace Mosaic.Abstractions.Jobs;

/// <summary>
/// Asks the job to route questions that come without experts: <see cref="SkillAccuracy"/> holds each expert's
/// calibration accuracy per skill; every unrouted question (which must name its skill) gets <see cref="K"/> experts by
/// seeded weighted sampling, as the skill-based router of the paper's pipeline does.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.router-spec")]
public sealed record RouterSpec(
    [property: Id(0)] IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> SkillAccuracy,
    [property: Id(1)] int K = 3,
    [property: Id(2)] bool WithReplacement = true,
    [property: Id(3)] double Temperature = 0.5,
    [property: Id(4)] int Seed = 0);
