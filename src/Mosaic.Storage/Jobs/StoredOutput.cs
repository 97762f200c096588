namespace Mosaic.Storage.Jobs;

/// <summary>A finished model call of a job: slot <see cref="Slot"/> of a question (−1: its aggregator call).</summary>
public sealed record StoredOutput(string QuestionId, int Slot, byte[] Payload, int Completions = 1);
