namespace Mosaic.Abstractions.Jobs;

/// <summary>
/// What a running call of a streaming job (<see cref="JobSpec.StreamText"/>) has generated so far: slot
/// <see cref="Slot"/> of question <see cref="QuestionId"/>, or its aggregator call when <see cref="Slot"/> is null. Each
/// report of a call extends the one before it; the call's finished text is in the question's result.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.call-text")]
public sealed record CallText(
    [property: Id(0)] string QuestionId,
    [property: Id(1)] int? Slot,
    [property: Id(2)] string Expert,
    [property: Id(3)] string Text)
{
    public bool IsAggregator => Slot is null;
}
