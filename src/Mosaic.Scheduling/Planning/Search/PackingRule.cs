namespace Mosaic.Scheduling.Planning.Search;

/// <summary>
/// One variant of <see cref="PackingPlanner"/>: experts up to <see cref="WholeShare"/> of the target stay whole;
/// <see cref="KeepSlot"/> keeps each worker's last slot for poured experts while others have room; a piece that fills a
/// worker must carry at least <see cref="MinPieceWork"/> times its expert's load in work.
/// </summary>
internal readonly record struct PackingRule(double WholeShare, bool KeepSlot, double MinPieceWork);
