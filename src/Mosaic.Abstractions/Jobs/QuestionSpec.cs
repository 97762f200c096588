namespace Mosaic.Abstractions.Jobs;

/// <summary>
/// One question of a job. <see cref="Experts"/> are its routed expert slots (k of them; a name may repeat when the
/// router samples with replacement). <see cref="Gold"/> is optional and only used to report accuracy.
/// <see cref="MaxNewTokens"/> is the question's own limit on new tokens (a batch line's <c>max_tokens</c>), over the
/// job's <see cref="JobSpec.MaxNewTokens"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.question-spec")]
public sealed record QuestionSpec(
    [property: Id(0)] string Id,
    [property: Id(1)] string Text,
    [property: Id(2)] IReadOnlyList<string> Experts,
    [property: Id(3)] string? Skill = null,
    [property: Id(4)] string? Gold = null,
    [property: Id(5)] int? MaxNewTokens = null);
