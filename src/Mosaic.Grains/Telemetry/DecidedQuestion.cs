namespace Mosaic.Grains.Telemetry;

/// <summary>
/// What the metrics count of a question once its result is stored: whether it has a final answer, whether the
/// confidence gate answered it without the aggregator, and how many expert calls an early decision cancelled.
/// </summary>
internal readonly record struct DecidedQuestion(bool HasAnswer, bool SkippedByGate, int CancelledCalls);
