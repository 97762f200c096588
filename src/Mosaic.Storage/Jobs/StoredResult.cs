namespace Mosaic.Storage.Jobs;

/// <summary>One answered question: its position in the job, its id, the serialized outcome and the figures the job's
/// totals are built from.</summary>
public sealed record StoredResult(int QuestionIndex, string QuestionId, byte[] Payload, ResultSummary Summary);
