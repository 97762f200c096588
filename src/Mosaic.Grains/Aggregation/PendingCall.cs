namespace Mosaic.Grains.Aggregation;

/// <summary>An expert call still to run: slot <see cref="Slot"/> of the job's question <see cref="QuestionIndex"/>.</summary>
[GenerateSerializer, Immutable, Alias("mosaic.pending-call")]
internal readonly record struct PendingCall([property: Id(0)] int QuestionIndex, [property: Id(1)] int Slot);
