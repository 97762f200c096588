namespace Mosaic.Scheduling.Planning;

/// <summary>
/// One engine run on a worker: load <see cref="Expert"/>, generate all of <see cref="PromptIds"/> batched, unload.
/// Sessions of a later <see cref="Phase"/> start only after every worker has finished all earlier phases (the
/// barrier of full data parallelism); plans without barriers keep everything in phase 0.
/// </summary>
/// <param name="Expert">Expert name.</param>
/// <param name="PromptIds">Indices (0 … N_m − 1) of the expert's prompts this session serves.</param>
/// <param name="LoadSeconds">Predicted load time.</param>
/// <param name="ComputeSeconds">Predicted generation time on this worker (speed applied).</param>
/// <param name="Phase">Barrier phase.</param>
public sealed record PlannedSession(
    string Expert,
    IReadOnlyList<int> PromptIds,
    double LoadSeconds,
    double ComputeSeconds,
    int Phase = 0)
{
    public int PromptCount => PromptIds.Count;

    public double BusySeconds => LoadSeconds + ComputeSeconds;
}
