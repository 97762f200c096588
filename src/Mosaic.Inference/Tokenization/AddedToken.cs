namespace Mosaic.Inference.Tokenization;

/// <summary>A tokenizer.json <c>added_tokens</c> entry: matched in the text before pre-tokenization.</summary>
/// <param name="Special">Special tokens are left out when decoding.</param>
/// <param name="LeftStrip">The token absorbs the white space before it.</param>
/// <param name="RightStrip">The token absorbs the white space after it.</param>
/// <param name="Normalized">The token is matched in the normalized text rather than the original.</param>
internal sealed record AddedToken(int Id, string Content, bool Special, bool LeftStrip = false, bool RightStrip = false, bool Normalized = false);
