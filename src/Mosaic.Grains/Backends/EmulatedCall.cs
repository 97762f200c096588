namespace Mosaic.Grains.Backends;

/// <summary>What the emulation decided for one call: its size and its cost in emulated (unscaled) GPU seconds.</summary>
internal readonly record struct EmulatedCall(int InputTokens, int OutputTokens, double Seconds);
