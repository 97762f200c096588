namespace Mosaic.Storage.Tests.Grains;

/// <summary>A tiny grain whose only job is to persist a note through the "mosaic" grain storage.</summary>
[Alias("Mosaic.Storage.Tests.INoteGrain")]
public interface INoteGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<NoteSnapshot> GetAsync();

    [Alias("Set")]
    Task<NoteSnapshot> SetAsync(string text);

    [Alias("Clear")]
    Task<NoteSnapshot> ClearAsync();

    [Alias("Deactivate")]
    Task DeactivateAsync();
}
