using Mosaic.Scheduling.Planning;
using Mosaic.Scheduling.Profiling;

namespace Mosaic.Scheduling.Jobs;

/// <summary>
/// What to plan: the expert calls still to run (in question order), the cost profile of every expert they name, the
/// live workers, K and the scheduler. <see cref="RaiseModelsPerWorker"/> lets K grow until the calls fit the workers
/// (re-plans after losing workers must never fail on K); a first plan keeps the configured K and reports it too small.
/// </summary>
public sealed record StagePlanRequest(
    IReadOnlyList<RoutedCall> Calls,
    IReadOnlyDictionary<string, ExpertProfile> Experts,
    IReadOnlyList<WorkerSpec> Workers,
    int ModelsPerWorker,
    string Scheduler,
    IlpOptions Ilp,
    bool RaiseModelsPerWorker = false);
