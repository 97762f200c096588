using Mosaic.Grains.Devices;
using Mosaic.Grains.Queries;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Grains.Jobs;

/// <summary>
/// A job's expert-stage plan turned into work: each slot's worker and request id, each worker's session order, and
/// each worker's predicted busy time (used to balance aggregator calls towards workers that finish early).
/// </summary>
internal sealed record JobPlan(
    SchedulePlan Schedule,
    LowerBound LowerBound,
    IReadOnlyDictionary<string, IReadOnlyList<SlotAssignment>> SlotsByQuestion,
    IReadOnlyDictionary<string, IReadOnlyList<SessionOrder>> SessionsByWorker,
    IReadOnlyDictionary<string, double> PredictedBusySeconds);
