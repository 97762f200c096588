using System.Text.Json.Serialization;
using Mosaic.Abstractions.Results;

namespace Mosaic.Gateway.Api;

/// <summary>
/// One model call of an answer: where it ran, how it ended, what it said and the answer extracted from it.
/// <see cref="SharedFromSlot"/>: this slot ran no call of its own and took that slot's (the same model on the same question).
/// <see cref="PromptTrimmed"/> (the aggregator's call only): its prompt was trimmed to fit the aggregator's context.
/// <see cref="ReachedTokenLimit"/>: the output was cut at the call's max new tokens (an expert's cut output does not vote).
/// </summary>
internal sealed record MosaicCall(
    string Model,
    string Worker,
    CallStatus Status,
    string? Answer,
    string? Text,
    int PromptTokens,
    int CompletionTokens,
    double Seconds,
    bool Emulated,
    string? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? SharedFromSlot = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? PromptTrimmed = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ReachedTokenLimit = null);
