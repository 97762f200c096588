namespace Mosaic.Grains.Devices.Sessions;

/// <summary>How many calls of one expert wait in a worker's queue and how many are generating (for metrics).</summary>
internal readonly record struct ExpertDepth(string Expert, int Queued, int Running);
