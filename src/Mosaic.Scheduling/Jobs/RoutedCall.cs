namespace Mosaic.Scheduling.Jobs;

/// <summary>One expert call of a job to place: slot <see cref="Slot"/> of question <see cref="QuestionIndex"/>, answered by <see cref="Expert"/>.</summary>
public readonly record struct RoutedCall(int QuestionIndex, int Slot, string Expert);
