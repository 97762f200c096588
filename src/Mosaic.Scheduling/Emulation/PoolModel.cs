namespace Mosaic.Scheduling.Emulation;

/// <summary>
/// One model of a configured pool, as <see cref="PaperCalibration.ForPool"/> needs it: its kind, engine start and the
/// cost of an average call on one worker (τ) at its mean output length.
/// </summary>
public sealed record PoolModel(string Name, ExpertKind Kind, double LoadSeconds, double PerPromptSeconds, double MeanOutputTokens);
