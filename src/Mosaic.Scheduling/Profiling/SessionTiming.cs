namespace Mosaic.Scheduling.Profiling;

/// <summary>One expert session as a worker ran it: the calls it answered and its wall seconds, load excluded.</summary>
public readonly record struct SessionTiming(string Expert, int Calls, double Seconds, string Worker);
