namespace Mosaic.Routing;

/// <summary>A routed workload line that cannot be read; the message names the file (or stream) and the line number.</summary>
public sealed class WorkloadFormatException(string origin, int line, string problem)
    : Exception($"{origin}, line {line}: {problem}")
{
    public string Origin { get; } = origin;

    public int Line { get; } = line;
}
