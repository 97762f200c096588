namespace Mosaic.Grains.Devices;

/// <summary>
/// One model call of a job: slot <see cref="Slot"/> (0 … k−1) of question <see cref="QuestionId"/>, or the question's
/// aggregator call (<see cref="AggregatorSlot"/>). Stable across re-plans and job restarts, so a call's output is
/// recognised whichever plan or activation asked for it.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.call-key")]
public readonly record struct CallKey([property: Id(0)] string QuestionId, [property: Id(1)] int Slot)
{
    public const int AggregatorSlot = -1;

    public static CallKey Aggregator(string questionId) => new(questionId, AggregatorSlot);

    public bool IsAggregator => Slot == AggregatorSlot;

    public override string ToString() => IsAggregator ? $"{QuestionId}:agg" : $"{QuestionId}:{Slot}";
}
