namespace Mosaic.Storage.Batches;

/// <summary>How a file deletion ended (<see cref="StoredFileDeletion"/>).</summary>
public enum FileDeletionOutcome
{
    Deleted,
    NotFound,

    /// <summary>An open batch reads the file (it reads it again to write its output), so it was kept.</summary>
    InputOfOpenBatch,
}
