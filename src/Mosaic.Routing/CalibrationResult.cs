namespace Mosaic.Routing;

/// <summary>One calibration question answered by one expert: right or wrong.</summary>
public sealed record CalibrationResult(string Expert, string Skill, bool Correct);
