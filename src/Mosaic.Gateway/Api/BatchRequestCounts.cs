namespace Mosaic.Gateway.Api;

/// <summary>Request lines in the input file, lines answered so far (or written to the output file), lines in the error file.</summary>
internal sealed record BatchRequestCounts(int Total, int Completed, int Failed);
