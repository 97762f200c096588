namespace Mosaic.Storage.Jobs;

/// <summary>One answered question: its position in the job, its id, the serialized result and the figures totals are made of.</summary>
public sealed record StoredResult(int QuestionIndex, string QuestionId, byte[] Payload, ResultSummary Summary);
