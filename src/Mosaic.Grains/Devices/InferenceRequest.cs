namespace Mosaic.Grains.Devices;

/// <summary>
/// One model call sent to a worker: the prompt for <see cref="Expert"/>, identified by <see cref="RequestId"/> within
/// <see cref="JobId"/>. <see cref="QuestionId"/>, <see cref="Slot"/>, <see cref="Gold"/> and <see cref="Skill"/> only feed the emulated
/// backend, which has to invent answers.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.inference-request")]
public sealed record InferenceRequest(
    [property: Id(0)] string JobId,
    [property: Id(1)] string RequestId,
    [property: Id(2)] string Expert,
    [property: Id(3)] string? SystemPrompt,
    [property: Id(4)] string Prompt,
    [property: Id(5)] int MaxNewTokens,
    [property: Id(6)] string QuestionId,
    [property: Id(7)] string? Gold,
    [property: Id(8)] string? Skill,
    [property: Id(9)] int Slot);
