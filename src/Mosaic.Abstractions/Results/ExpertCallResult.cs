namespace Mosaic.Abstractions.Results;

/// <summary>
/// One model call (an expert slot or the aggregator): where it ran, what it said, the extracted answer and its cost.
/// <see cref="Error"/> says why a call failed; <see cref="PromptTrimmed"/> that its prompt was cut to fit the model's
/// context (aggregator calls only). <see cref="SharedFromSlot"/> is set on a slot that ran no call of its own: the
/// slot of the same question and expert whose call answered it (see <c>JobSpec.ShareRepeatedCalls</c>); its text,
/// tokens and seconds are that call's, counted once there. <see cref="ReachedTokenLimit"/>: the text was cut at the
/// call's max new tokens.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.expert-call-result")]
public sealed record ExpertCallResult(
    [property: Id(0)] string Expert,
    [property: Id(1)] string Worker,
    [property: Id(2)] CallStatus Status,
    [property: Id(3)] string? Text,
    [property: Id(4)] string? Answer,
    [property: Id(5)] int InputTokens,
    [property: Id(6)] int OutputTokens,
    [property: Id(7)] double Seconds,
    [property: Id(8)] bool Emulated,
    [property: Id(9)] string? Error = null,
    [property: Id(10)] bool PromptTrimmed = false,
    [property: Id(11)] int? SharedFromSlot = null,
    [property: Id(12)] bool ReachedTokenLimit = false);
