namespace Mosaic.Inference.Modules;

/// <summary>
/// One sequence's part of a forward pass: <see cref="Tokens"/> at positions <c>Start..Start+Tokens.Length-1</c>,
/// cached in <see cref="Blocks"/> (its block table, covering at least those positions).
/// </summary>
internal sealed record ForwardRow(IReadOnlyList<int> Blocks, int Start, int[] Tokens);
