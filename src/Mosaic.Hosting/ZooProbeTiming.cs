namespace Mosaic.Hosting;

/// <summary>One probe model's session in a <see cref="ZooSpeedCheck"/>: seconds until it was answered, and what its profile predicts.</summary>
public sealed record ZooProbeTiming(string Expert, int Calls, double MeasuredSeconds, double PredictedSeconds);
