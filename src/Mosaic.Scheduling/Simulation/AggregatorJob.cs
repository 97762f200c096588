using Mosaic.Scheduling.Emulation;

namespace Mosaic.Scheduling.Simulation;

/// <summary>An aggregator call sent to a TP = 1 replica at <paramref name="Arrival"/>.</summary>
internal sealed record AggregatorJob(SimulatedQuestion Question, AggregatorCallOutput Output, double Seconds, double LatencySeconds, double Arrival);
