namespace Mosaic.Scheduling.Planning.Bounds;

/// <summary>
/// The answer of <see cref="ConfigurationPricing"/>: <see cref="Value"/>, an upper bound on what one worker can earn
/// (exact unless the search had to thin its states), and the most valuable configurations found, best first, one per
/// expert taking the time left (and one with every expert full), for column generation.
/// </summary>
internal sealed record PricingResult(double Value, IReadOnlyList<(double Value, Configuration Configuration)> Columns, bool Exact);
