namespace Mosaic.Scheduling.Jobs;

/// <summary>
/// One question as the early-decision forecast sees it: its slots' experts, the slot whose call answers each slot
/// (itself, or the earlier slot whose call it shares) and each slot's chance of answering correctly (null when not known:
/// the question is left out of the forecast).
/// </summary>
public sealed record ForecastQuestion(IReadOnlyList<string> Experts, IReadOnlyList<int> Leaders, IReadOnlyList<double>? Accuracy);
