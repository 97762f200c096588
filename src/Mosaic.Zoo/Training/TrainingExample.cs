namespace Mosaic.Zoo.Training;

/// <summary>A prompt (no loss) and the response the model must learn to continue it with, ending in EOS.</summary>
internal sealed record TrainingExample(int[] Prompt, int[] Response);
