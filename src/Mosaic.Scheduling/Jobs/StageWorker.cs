namespace Mosaic.Scheduling.Jobs;

/// <summary>A worker's planned sessions in run order and its predicted busy time.</summary>
public sealed record StageWorker(string Worker, IReadOnlyList<StageSession> Sessions, double BusySeconds);
