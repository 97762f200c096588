using Mosaic.Abstractions.Results;

namespace Mosaic.Gateway.Api;

/// <summary>One model call of an answer: where it ran, how it ended, what it said and the answer extracted from it.</summary>
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
    string? Error);
