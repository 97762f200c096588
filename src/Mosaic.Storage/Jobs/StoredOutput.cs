namespace Mosaic.Storage.Jobs;

/// <summary>A finished model call of one question: <paramref name="Slot"/> names the expert slot or the aggregator
/// call (the grain layer assigns the numbers); <paramref name="Completions"/> counts how often it was written.</summary>
public sealed record StoredOutput(string QuestionId, int Slot, byte[] Payload, int Completions = 1);
