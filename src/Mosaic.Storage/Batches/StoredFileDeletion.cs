namespace Mosaic.Storage.Batches;

/// <summary>
/// What <see cref="IBatchStore.DeleteFileAsync"/> did: <see cref="FileDeletionOutcome.Deleted"/>, or nothing because the
/// file does not exist or is the input of the open batch <see cref="OpenBatchId"/>.
/// </summary>
public readonly record struct StoredFileDeletion(FileDeletionOutcome Outcome, string? OpenBatchId = null);
