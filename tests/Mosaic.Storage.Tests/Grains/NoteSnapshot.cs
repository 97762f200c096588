namespace Mosaic.Storage.Tests.Grains;

/// <summary>What a <see cref="INoteGrain"/> currently holds, including its storage ETag.</summary>
[GenerateSerializer, Immutable, Alias("Mosaic.Storage.Tests.NoteSnapshot")]
public sealed record NoteSnapshot(
    [property: Id(0)] string? Text,
    [property: Id(1)] int Writes,
    [property: Id(2)] string? ETag,
    [property: Id(3)] bool RecordExists,
    [property: Id(4)] string Silo);
