namespace Mosaic.Grains.Devices;

/// <summary>One expert response an aggregator call reads; <see cref="OutputTokens"/> as the expert's model counted them.</summary>
[GenerateSerializer, Immutable, Alias("mosaic.response-input")]
public sealed record ResponseInput(
    [property: Id(0)] string Expert,
    [property: Id(1)] string Text,
    [property: Id(2)] int OutputTokens);
