using Mosaic.Storage.Batches;
using static Mosaic.Storage.Tests.Jobs.JobData;

namespace Mosaic.Storage.Tests.Batches;

/// <summary>The batch store checks, run against every implementation. Each scenario gets a store of its own service id.</summary>
internal static class BatchStoreScenarios
{
    public static async Task FilesCreateOnceAndRoundTripAsync(IBatchStore store)
    {
        var everyByte = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        var large = new byte[1 << 20];
        new Random(11).NextBytes(large);
        var (a, b, empty) = (NewId("file"), NewId("file"), NewId("file"));

        Assert.True(await store.TryCreateFileAsync(new StoredFile(a, "requests.jsonl", "batch", Start, everyByte)));
        Assert.True(await store.TryCreateFileAsync(new StoredFile(b, "big.bin", "batch", Start, large)));
        Assert.True(await store.TryCreateFileAsync(new StoredFile(empty, "empty", "batch_output", Start, [])));
        Assert.False(await store.TryCreateFileAsync(new StoredFile(a, "other.jsonl", "user_data", Start.AddDays(1), Bytes("replaced"))));

        Assert.Equal(new StoredFileInfo(a, "requests.jsonl", "batch", 256, Stored(Start)), await store.ReadFileInfoAsync(a));
        Assert.Equal(everyByte, await store.ReadFileContentAsync(a));
        Assert.Equal(large, await store.ReadFileContentAsync(b));
        Assert.Equal(0, (await store.ReadFileInfoAsync(empty))!.Bytes);
        Assert.Empty((await store.ReadFileContentAsync(empty))!);
        Assert.Null(await store.ReadFileInfoAsync(NewId("file")));
        Assert.Null(await store.ReadFileContentAsync(NewId("file")));
    }

    public static async Task FilesDeleteOnceAsync(IBatchStore store)
    {
        var (gone, kept) = (NewId("file"), NewId("file"));
        await store.TryCreateFileAsync(new StoredFile(gone, "a.jsonl", "batch", Start, Bytes("a")));
        await store.TryCreateFileAsync(new StoredFile(kept, "b.jsonl", "batch", Start, Bytes("b")));

        Assert.Equal(new StoredFileDeletion(FileDeletionOutcome.Deleted), await store.DeleteFileAsync(gone));
        Assert.Equal(new StoredFileDeletion(FileDeletionOutcome.NotFound), await store.DeleteFileAsync(gone));
        Assert.Equal(new StoredFileDeletion(FileDeletionOutcome.NotFound), await store.DeleteFileAsync(NewId("file")));

        Assert.Null(await store.ReadFileInfoAsync(gone));
        Assert.Null(await store.ReadFileContentAsync(gone));
        Assert.Equal([kept], (await store.ListFilesAsync(null, null, 10)).Select(f => f.FileId));
        Assert.Equal(Bytes("b"), await store.ReadFileContentAsync(kept));
        // The id can be used again once its file is gone.
        Assert.True(await store.TryCreateFileAsync(new StoredFile(gone, "c.jsonl", "batch", Start, Bytes("c"))));
    }

    public static async Task FilesListNewestFirstAndPagedAsync(IBatchStore store)
    {
        // Two files share a timestamp: the id breaks the tie (descending).
        var files = new[]
        {
            new StoredFile("file-a", "a", "batch", Start, Bytes("a")),
            new StoredFile("file-b", "b", "batch_output", Start.AddSeconds(1), Bytes("bb")),
            new StoredFile("file-c", "c", "batch", Start.AddSeconds(2), Bytes("ccc")),
            new StoredFile("file-d", "d", "batch", Start.AddSeconds(2), Bytes("dddd")),
            new StoredFile("file-e", "e", "batch", Start.AddSeconds(3), Bytes("eeeee")),
        };
        foreach (var file in files.Reverse())
        {
            await store.TryCreateFileAsync(file);
        }

        Assert.Equal(["file-e", "file-d", "file-c", "file-b", "file-a"], (await store.ListFilesAsync(null, null, 10)).Select(f => f.FileId));
        Assert.Equal(["file-e", "file-d", "file-c", "file-a"], (await store.ListFilesAsync("batch", null, 10)).Select(f => f.FileId));
        Assert.Equal(["file-e", "file-d"], (await store.ListFilesAsync(null, null, 2)).Select(f => f.FileId));
        Assert.Equal(["file-c", "file-b"], (await store.ListFilesAsync(null, "file-d", 2)).Select(f => f.FileId));
        Assert.Equal(["file-a"], (await store.ListFilesAsync("batch", "file-c", 5)).Select(f => f.FileId));
        Assert.Empty(await store.ListFilesAsync(null, "file-unknown", 5));
        Assert.Empty(await store.ListFilesAsync(null, null, 0));
        Assert.Equal(5, (await store.ListFilesAsync(null, null, 10))[0].Bytes);
    }

    public static async Task BatchCompareAndSetAsync(IBatchStore store)
    {
        var id = NewId("batch");
        Assert.Equal(BatchCreation.Created, await store.TryCreateBatchAsync(new StoredBatch(id, "validating", true, Bytes("v1"), Start, Version: 7)));
        Assert.Equal(BatchCreation.IdInUse, await store.TryCreateBatchAsync(new StoredBatch(id, "completed", false, Bytes("other"), Start)));
        Assert.Equal(("validating", true, "v1", Stored(Start), 1L), Shape(await store.ReadBatchAsync(id)));

        Assert.Equal(2, await store.TryUpdateBatchAsync(id, 1, "in_progress", true, Bytes("v2")));
        Assert.Null(await store.TryUpdateBatchAsync(id, 1, "failed", false, Bytes("stale")));
        Assert.Equal(3, await store.TryUpdateBatchAsync(id, 2, "completed", false, Bytes("v3")));
        Assert.Null(await store.TryUpdateBatchAsync(NewId("batch"), 1, "completed", false, Bytes("none")));

        Assert.Equal(("completed", false, "v3", Stored(Start), 3L), Shape(await store.ReadBatchAsync(id)));
        Assert.Null(await store.ReadBatchAsync(NewId("batch")));
    }

    public static async Task BatchListsAsync(IBatchStore store)
    {
        for (var i = 0; i < 5; i++)
        {
            await store.TryCreateBatchAsync(new StoredBatch($"batch-{i}", "in_progress", Open: i % 2 == 0, Bytes($"{i}"), Start.AddSeconds(i)));
        }

        Assert.Equal(["batch-4", "batch-3", "batch-2", "batch-1", "batch-0"], (await store.ListBatchesAsync(null, 10)).Select(b => b.BatchId));
        Assert.Equal(["batch-2", "batch-1"], (await store.ListBatchesAsync("batch-3", 2)).Select(b => b.BatchId));
        Assert.Empty(await store.ListBatchesAsync("batch-x", 2));
        Assert.Equal(["batch-0", "batch-2", "batch-4"], (await store.ListOpenBatchesAsync()).Select(b => b.BatchId));

        await store.TryUpdateBatchAsync("batch-2", 1, "completed", false, Bytes("done"));

        Assert.Equal(["batch-0", "batch-4"], (await store.ListOpenBatchesAsync()).Select(b => b.BatchId));
        Assert.Equal("4", Text((await store.ListOpenBatchesAsync())[1].Payload));
    }

    public static async Task ConcurrentUpdatesAsync(IBatchStore store)
    {
        var id = NewId("batch");
        await store.TryCreateBatchAsync(new StoredBatch(id, "in_progress", true, Bytes("start"), Start));

        var winners = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.TryUpdateBatchAsync(id, 1, "finalizing", true, Bytes($"writer {i}"))));

        var won = Assert.Single(winners, v => v is not null);
        Assert.Equal(2, won);
        var stored = await store.ReadBatchAsync(id);
        Assert.Equal(2, stored!.Version);
        Assert.StartsWith("writer ", Text(stored.Payload));
    }

    public static async Task InputFileOfOpenBatchIsKeptAsync(IBatchStore store)
    {
        var (input, batch) = (NewId("file"), NewId("batch"));
        await store.TryCreateFileAsync(new StoredFile(input, "requests.jsonl", "batch", Start, Bytes("{}")));

        Assert.Equal(BatchCreation.InputFileMissing,
            await store.TryCreateBatchAsync(new StoredBatch(NewId("batch"), "validating", true, Bytes("x"), Start, InputFileId: NewId("file"))));
        Assert.Equal(BatchCreation.Created, await store.TryCreateBatchAsync(new StoredBatch(batch, "validating", true, Bytes("v1"), Start, InputFileId: input)));
        Assert.Equal(input, (await store.ReadBatchAsync(batch))!.InputFileId);
        Assert.Equal(input, (await store.ListOpenBatchesAsync()).Single().InputFileId);
        Assert.Equal(new StoredFileDeletion(FileDeletionOutcome.InputOfOpenBatch, batch), await store.DeleteFileAsync(input));
        Assert.NotNull(await store.ReadFileContentAsync(input));

        // An update keeps what the batch reads; once the batch has ended its input can go.
        Assert.Equal(2, await store.TryUpdateBatchAsync(batch, 1, "in_progress", true, Bytes("v2")));
        Assert.Equal(FileDeletionOutcome.InputOfOpenBatch, (await store.DeleteFileAsync(input)).Outcome);
        Assert.Equal(3, await store.TryUpdateBatchAsync(batch, 2, "completed", false, Bytes("v3")));
        Assert.Equal(input, (await store.ReadBatchAsync(batch))!.InputFileId);
        Assert.Equal(FileDeletionOutcome.Deleted, (await store.DeleteFileAsync(input)).Outcome);
    }

    /// <summary>
    /// A batch created on a file while the file is deleted: for every pair, exactly one of the two wins, so no open
    /// batch is ever left reading a deleted file.
    /// </summary>
    public static async Task CreateAndDeleteAtOnceNeverBothWinAsync(IBatchStore store, int pairs)
    {
        for (var pair = 0; pair < pairs; pair++)
        {
            var (input, batch) = (NewId("file"), NewId("batch"));
            await store.TryCreateFileAsync(new StoredFile(input, "requests.jsonl", "batch", Start, Bytes("{}")));
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var create = Task.Run(async () =>
            {
                await start.Task;
                return await store.TryCreateBatchAsync(new StoredBatch(batch, "validating", true, Bytes("v1"), Start, InputFileId: input));
            });
            var delete = Task.Run(async () =>
            {
                await start.Task;
                return await store.DeleteFileAsync(input);
            });
            start.SetResult();
            var (created, deleted) = (await create, await delete);

            Assert.True(created == BatchCreation.Created ^ deleted.Outcome == FileDeletionOutcome.Deleted, $"pair {pair}: {created}, {deleted}");
            Assert.Equal(created == BatchCreation.Created, await store.ReadFileInfoAsync(input) is not null);
            Assert.Equal(created == BatchCreation.Created, await store.ReadBatchAsync(batch) is not null);
        }
    }

    public static async Task BadArgumentsAsync(IBatchStore store)
    {
        var longId = new string('x', 257);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TryCreateFileAsync(new StoredFile(" ", "a", "batch", Start, [])));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TryCreateFileAsync(new StoredFile(longId, "a", "batch", Start, [])));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TryCreateFileAsync(new StoredFile("f", new string('n', 1025), "batch", Start, [])));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TryCreateFileAsync(new StoredFile("f", "a", "", Start, [])));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ReadFileInfoAsync(""));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.DeleteFileAsync(longId));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ListFilesAsync(null, null, -1));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TryCreateBatchAsync(new StoredBatch("b", "", true, [], Start)));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TryUpdateBatchAsync(longId, 1, "completed", false, []));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ListBatchesAsync(null, -1));
        Assert.Empty(await store.ListFilesAsync(null, null, 10));
        Assert.Empty(await store.ListBatchesAsync(null, 10));
    }

    public static async Task ServiceIdsAreSeparateAsync(IBatchStore store, IBatchStore other)
    {
        await store.TryCreateFileAsync(new StoredFile("file-shared", "mine", "batch", Start, Bytes("mine")));
        await store.TryCreateBatchAsync(new StoredBatch("batch-shared", "in_progress", true, Bytes("mine"), Start));

        Assert.True(await other.TryCreateFileAsync(new StoredFile("file-shared", "theirs", "batch", Start, Bytes("theirs"))));
        Assert.Null(await other.ReadBatchAsync("batch-shared"));
        Assert.Empty(await other.ListOpenBatchesAsync());
        Assert.Equal("mine", Text((await store.ReadFileContentAsync("file-shared"))!));
        Assert.Equal("theirs", Text((await other.ReadFileContentAsync("file-shared"))!));

        Assert.Equal(FileDeletionOutcome.Deleted, (await other.DeleteFileAsync("file-shared")).Outcome);
        Assert.Equal("mine", Text((await store.ReadFileContentAsync("file-shared"))!));
    }

    private static string NewId(string prefix) => TestClusters.NewId(prefix);

    private static (string, bool, string, DateTimeOffset, long) Shape(StoredBatch? batch) =>
        (batch!.Status, batch.Open, Text(batch.Payload), batch.CreatedAt, batch.Version);
}
