namespace Mosaic.Cli.Benchmarks;

/// <summary>The batch's size, how many questions are asked while it runs, when the first is asked and the pause after each answer.</summary>
internal sealed record InteractiveOptions(int Questions, int Asked, double FirstAfterSeconds, double IntervalSeconds, int Seed);
