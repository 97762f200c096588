namespace Mosaic.Grains.Backends;

/// <summary>What the emulated backend needs to know of a job: its questions (a question's difficulty is its rank
/// among them) and which model aggregates (none for a job without an aggregator stage).</summary>
internal sealed record EmulatedJob(IReadOnlyList<string> QuestionIds, string? Aggregator);
