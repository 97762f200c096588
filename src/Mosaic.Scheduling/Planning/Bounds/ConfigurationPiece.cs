namespace Mosaic.Scheduling.Planning.Bounds;

/// <summary>One expert's share of a <see cref="Configuration"/>: its index and its work in speed-1 seconds.</summary>
internal readonly record struct ConfigurationPiece(int Expert, double Work);
