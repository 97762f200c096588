namespace Mosaic.Storage.Tests.Grains;

/// <summary>
/// Persists <see cref="NoteState"/> as state "note" in the <see cref="MosaicStorage.Name"/> storage. Placed at random:
/// the clustering tests need notes on every silo, and Orleans' default placement sends them all to the least loaded one.
/// </summary>
[Orleans.Placement.RandomPlacement]
public sealed class NoteGrain(
    [PersistentState(NoteGrain.StateName, MosaicStorage.Name)] IPersistentState<NoteState> note,
    ILocalSiloDetails silo) : Grain, INoteGrain
{
    public const string StateName = "note";

    public Task<NoteSnapshot> GetAsync() => Task.FromResult(Snapshot());

    public async Task<NoteSnapshot> SetAsync(string text)
    {
        note.State.Text = text;
        note.State.Writes++;
        await note.WriteStateAsync();
        return Snapshot();
    }

    public async Task<NoteSnapshot> ClearAsync()
    {
        await note.ClearStateAsync();
        return Snapshot();
    }

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private NoteSnapshot Snapshot() =>
        new(note.State.Text, note.State.Writes, note.Etag, note.RecordExists, silo.Name);
}
