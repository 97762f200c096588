namespace Mosaic.Abstractions.Jobs;

/// <summary>
/// The answer to a submission: accepted, or rejected with a one-line reason and its kind (<see cref="Rejection"/>),
/// and no job state written.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.submit-result")]
public sealed record SubmitResult(
    [property: Id(0)] string JobId,
    [property: Id(1)] bool Accepted,
    [property: Id(2)] string? Error = null,
    [property: Id(3)] JobRejection? Rejection = null);
