namespace Mosaic.Zoo.Training;

/// <summary>The outcome of training one spec: the weights, the loss of every step and the wall time.</summary>
internal sealed record TrainingRun(ExpertSpec Spec, TrainableDecoder Model, IReadOnlyList<float> Losses, TimeSpan Elapsed);
