namespace Mosaic.Storage.Tests.Grains;

/// <summary>The persisted state of <see cref="NoteGrain"/>.</summary>
[GenerateSerializer, Alias("Mosaic.Storage.Tests.NoteState")]
public sealed class NoteState
{
    [Id(0)]
    public string? Text { get; set; }

    [Id(1)]
    public int Writes { get; set; }
}
