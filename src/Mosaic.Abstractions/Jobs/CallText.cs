using System.Text.Json.Serialization;

namespace Mosaic.Abstractions.Jobs;

/// <summary>
/// Text a running call of a streaming job (<see cref="JobSpec.StreamText"/>) has generated: slot <see cref="Slot"/> of
/// question <see cref="QuestionId"/>, or its aggregator call when <see cref="Slot"/> is null. <see cref="Text"/> is the
/// call's text from position <see cref="Offset"/> on: a watch sends each call's text once, then only what it gained
/// (<see cref="CallTextAssembly"/> joins them); an offset of 0 is the whole text so far. The call's finished text is
/// in the question's result.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.call-text")]
public sealed record CallText(
    [property: Id(0)] string QuestionId,
    [property: Id(1)] int? Slot,
    [property: Id(2)] string Expert,
    [property: Id(3)] string Text,
    [property: Id(4)] int Offset = 0)
{
    public bool IsAggregator => Slot is null;

    /// <summary>The length of the call's text this part reaches.</summary>
    [JsonIgnore]
    public int End => Offset + Text.Length;
}
