namespace Mosaic.Grains.Backends;

/// <summary>
/// What the emulation model decided for one call, in emulated (unscaled) seconds: what it reads and writes, its share
/// of the GPU, its latency (the least time from joining to finishing), the order it is served in, and its answer.
/// </summary>
internal readonly record struct EmulatedCall(int InputTokens, int OutputTokens, double Seconds, double LatencySeconds, GpuOrder Order, int Choice);
