using Mosaic.Grains.Devices;

namespace Mosaic.Grains.Aggregation;

/// <summary>
/// The fan-in of a job (keyed by job id, beside its job): receives every call's outcome, applies the confidence gate
/// as answers arrive, cancels calls an early decision made pointless, places and batches the aggregator calls, and
/// records each question's result as its own durable row.
/// </summary>
[Alias("mosaic.aggregation")]
internal interface IAggregationGrain : IGrainWithStringKey
{
    /// <summary>Outcomes reported by a worker, in batches; duplicates and outcomes of decided questions are ignored.</summary>
    [Alias("report")]
    Task ReportAsync(IReadOnlyList<CallOutcome> outcomes);
}
