namespace Mosaic.Scheduling.Emulation;

/// <summary>One expert response the aggregator reads: who wrote it and how long it is.</summary>
public sealed record ExpertResponse(string Expert, int OutputTokens);
