namespace Mosaic.Grains.Queries;

/// <summary>Where one expert slot of a question runs.</summary>
[GenerateSerializer, Immutable, Alias("mosaic.call-placement")]
internal readonly record struct CallPlacement(
    [property: Id(0)] int Slot,
    [property: Id(1)] string Expert,
    [property: Id(2)] string Worker);
