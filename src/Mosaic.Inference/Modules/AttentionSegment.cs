using static TorchSharp.torch;

namespace Mosaic.Inference.Modules;

/// <summary>
/// Rows of a forward pass that attend together: tokens <c>Offset..Offset+Rows·Tokens</c> of the flat batch, each
/// row right-padded to <see cref="Tokens"/>. <see cref="BlockIndex"/> gathers each row's cache blocks
/// ([rows·blocks] long, padded with the scratch block) into <see cref="KeyLength"/> keys per row;
/// <see cref="Mask"/> [1, rows, 1, tokens, keys] float32 is 0 where a key is visible (j ≤ position) and −∞ elsewhere.
/// </summary>
internal sealed record AttentionSegment(int Offset, int Rows, int Tokens, Tensor BlockIndex, int KeyLength, Tensor Mask);
