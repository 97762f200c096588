namespace Mosaic.Grains.Devices;

/// <summary>
/// What a backend produced for one request; <see cref="PromptTrimmed"/> when its input was cut to fit the context,
/// <see cref="ReachedTokenLimit"/> when generation stopped at its max new tokens rather than at its end (OpenAI's
/// <c>finish_reason: "length"</c>). <see cref="FirstTokenSeconds"/>: from the backend taking the request to its first
/// token, when the backend measures it (real models do; the emulator draws whole calls only).
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.inference-output")]
public sealed record InferenceOutput(
    [property: Id(0)] string Text,
    [property: Id(1)] int InputTokens,
    [property: Id(2)] int OutputTokens,
    [property: Id(3)] double Seconds,
    [property: Id(4)] bool Emulated,
    [property: Id(5)] bool PromptTrimmed = false,
    [property: Id(6)] bool ReachedTokenLimit = false,
    [property: Id(7)] double? FirstTokenSeconds = null);
