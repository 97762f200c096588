using System.Collections.Concurrent;

namespace Mosaic.Storage.Batches;

/// <summary>
/// Files and batch records in process memory, lost when the process exits; one instance per service id
/// (<see cref="Shared"/>), so the gateway and the in-process silos of one service see the same records. Bytes are
/// copied in and out, as a database would.
/// </summary>
internal sealed class InMemoryBatchStore : IBatchStore
{
    private static readonly ConcurrentDictionary<string, InMemoryBatchStore> Instances = new(StringComparer.Ordinal);

    private readonly Lock gate = new();
    private readonly Dictionary<string, StoredFile> files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredBatch> batches = new(StringComparer.Ordinal);

    public static InMemoryBatchStore Shared(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Instances.GetOrAdd(name, static _ => new InMemoryBatchStore());
    }

    public Task<bool> TryCreateFileAsync(StoredFile file, CancellationToken ct = default)
    {
        var row = BatchRows.Check(file);
        ct.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(files.TryAdd(row.FileId, row with { Content = row.Content.ToArray() }));
        }
    }

    public Task<StoredFileInfo?> ReadFileInfoAsync(string fileId, CancellationToken ct = default)
    {
        BatchRows.CheckId(fileId, nameof(fileId));
        ct.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(files.TryGetValue(fileId, out var file) ? Info(file) : null);
        }
    }

    public Task<byte[]?> ReadFileContentAsync(string fileId, CancellationToken ct = default)
    {
        BatchRows.CheckId(fileId, nameof(fileId));
        ct.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(files.TryGetValue(fileId, out var file) ? file.Content.ToArray() : null);
        }
    }

    public Task<StoredFileDeletion> DeleteFileAsync(string fileId, CancellationToken ct = default)
    {
        BatchRows.CheckId(fileId, nameof(fileId));
        ct.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (!files.ContainsKey(fileId))
            {
                return Task.FromResult(new StoredFileDeletion(FileDeletionOutcome.NotFound));
            }

            if (batches.Values.Where(b => b.Open && b.InputFileId == fileId).OrderBy(b => b.CreatedAt).FirstOrDefault() is { } reader)
            {
                return Task.FromResult(new StoredFileDeletion(FileDeletionOutcome.InputOfOpenBatch, reader.BatchId));
            }

            files.Remove(fileId);
            return Task.FromResult(new StoredFileDeletion(FileDeletionOutcome.Deleted));
        }
    }

    public Task<IReadOnlyList<StoredFileInfo>> ListFilesAsync(string? purpose, string? after, int limit, CancellationToken ct = default)
    {
        BatchRows.CheckPurpose(purpose);
        BatchRows.CheckPage(after, limit);
        ct.ThrowIfCancellationRequested();
        lock (gate)
        {
            var rows = files.Values.Where(f => purpose is null || f.Purpose == purpose).Select(f => (f.CreatedAt, Id: f.FileId, Row: f));
            var anchor = after is null ? null : files.GetValueOrDefault(after) is { } a ? (a.CreatedAt, a.FileId) : ((DateTimeOffset, string)?)null;
            return Task.FromResult<IReadOnlyList<StoredFileInfo>>(Page(rows, after, anchor, limit).Select(Info).ToArray());
        }
    }

    public Task<BatchCreation> TryCreateBatchAsync(StoredBatch batch, CancellationToken ct = default)
    {
        var row = BatchRows.Check(batch);
        ct.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (row.InputFileId is { } input && !files.ContainsKey(input) && !batches.ContainsKey(row.BatchId))
            {
                return Task.FromResult(BatchCreation.InputFileMissing);
            }

            return Task.FromResult(batches.TryAdd(row.BatchId, row with { Payload = row.Payload.ToArray() }) ? BatchCreation.Created : BatchCreation.IdInUse);
        }
    }

    public Task<StoredBatch?> ReadBatchAsync(string batchId, CancellationToken ct = default)
    {
        BatchRows.CheckId(batchId, nameof(batchId));
        ct.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(batches.TryGetValue(batchId, out var batch) ? Copy(batch) : null);
        }
    }

    public Task<long?> TryUpdateBatchAsync(string batchId, long expectedVersion, string status, bool open, byte[] payload, CancellationToken ct = default)
    {
        BatchRows.CheckUpdate(batchId, status, payload);
        ct.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (!batches.TryGetValue(batchId, out var batch) || batch.Version != expectedVersion)
            {
                return Task.FromResult<long?>(null);
            }

            batches[batchId] = batch with { Status = status, Open = open, Payload = payload.ToArray(), Version = batch.Version + 1 };
            return Task.FromResult<long?>(batch.Version + 1);
        }
    }

    public Task<IReadOnlyList<StoredBatch>> ListBatchesAsync(string? after, int limit, CancellationToken ct = default)
    {
        BatchRows.CheckPage(after, limit);
        ct.ThrowIfCancellationRequested();
        lock (gate)
        {
            var rows = batches.Values.Select(b => (b.CreatedAt, Id: b.BatchId, Row: b));
            var anchor = after is null ? null : batches.GetValueOrDefault(after) is { } a ? (a.CreatedAt, a.BatchId) : ((DateTimeOffset, string)?)null;
            return Task.FromResult<IReadOnlyList<StoredBatch>>(Page(rows, after, anchor, limit).Select(Copy).ToArray());
        }
    }

    public Task<IReadOnlyList<StoredBatch>> ListOpenBatchesAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<StoredBatch>>(batches.Values.Where(b => b.Open)
                .OrderBy(b => b.CreatedAt).ThenBy(b => b.BatchId, StringComparer.Ordinal).Select(Copy).ToArray());
        }
    }

    /// <summary>Newest first; after <paramref name="after"/>, only rows strictly behind its <paramref name="anchor"/> (none when it is unknown).</summary>
    private static IEnumerable<T> Page<T>(IEnumerable<(DateTimeOffset CreatedAt, string Id, T Row)> rows, string? after, (DateTimeOffset At, string Id)? anchor, int limit)
    {
        if (after is not null && anchor is null)
        {
            return [];
        }

        return rows
            .Where(r => anchor is not { } a || r.CreatedAt < a.At || (r.CreatedAt == a.At && string.CompareOrdinal(r.Id, a.Id) < 0))
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal)
            .Take(limit)
            .Select(r => r.Row)
            .ToArray();
    }

    private static StoredFileInfo Info(StoredFile file) => new(file.FileId, file.FileName, file.Purpose, file.Content.LongLength, file.CreatedAt);

    private static StoredBatch Copy(StoredBatch batch) => batch with { Payload = batch.Payload.ToArray() };
}
