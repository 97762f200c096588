namespace Mosaic.Storage.Batches;

/// <summary>What <see cref="IBatchStore.TryCreateBatchAsync"/> did.</summary>
public enum BatchCreation
{
    Created,

    /// <summary>A batch with that id exists; it was left unchanged.</summary>
    IdInUse,

    /// <summary>The batch's input file does not exist (deleted, perhaps a moment before); nothing was stored.</summary>
    InputFileMissing,
}
