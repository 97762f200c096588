using Microsoft.Extensions.DependencyInjection;
using Mosaic.Storage.Tests.Grains;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Mosaic.Storage.Tests;

/// <summary>The grain storage checks, run against every database (SQLite, PostgreSQL).</summary>
internal static class GrainStorageScenarios
{
    public static async Task WriteDeactivateReadBackAsync(InProcessTestCluster cluster)
    {
        var grain = cluster.Client.GetGrain<INoteGrain>(TestClusters.NewId("readback"));

        var fresh = await grain.GetAsync();
        Assert.Null(fresh.Text);
        Assert.False(fresh.RecordExists);
        Assert.Null(fresh.ETag);

        await grain.SetAsync("first");
        var written = await grain.SetAsync("second");
        Assert.True(written.RecordExists);
        Assert.Equal("2", written.ETag);

        await cluster.DeactivateAsync(grain);

        var readBack = await grain.GetAsync();
        Assert.Equal("second", readBack.Text);
        Assert.Equal(2, readBack.Writes);
        Assert.Equal("2", readBack.ETag);
        Assert.True(readBack.RecordExists);
    }

    /// <summary>Someone else writes the same state between the grain's read and its write: the grain's write fails.</summary>
    public static async Task ConcurrentWriteConflictAsync(InProcessTestCluster cluster)
    {
        var grain = cluster.Client.GetGrain<INoteGrain>(TestClusters.NewId("conflict"));
        var before = await grain.SetAsync("grain");
        Assert.Equal("1", before.ETag);

        var storage = Storage(cluster);
        var other = new GrainState<NoteState>();
        await storage.ReadStateAsync(NoteGrain.StateName, grain.GetGrainId(), other);
        Assert.Equal("1", other.ETag);
        other.State!.Text = "someone else";
        await storage.WriteStateAsync(NoteGrain.StateName, grain.GetGrainId(), other);
        Assert.Equal("2", other.ETag);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.SetAsync("lost update"));

        // Orleans deactivates a grain after InconsistentStateException; the next activation sees the winner.
        await WaitForAsync(async () => (await grain.GetAsync()).Text == "someone else");
        var after = await grain.GetAsync();
        Assert.Equal("2", after.ETag);
        Assert.Equal(1, after.Writes);
    }

    /// <summary>Two writers holding the same ETag, and two creators holding none: exactly one of each pair wins.</summary>
    public static async Task StorageLevelConflictsAsync(InProcessTestCluster cluster)
    {
        var storage = Storage(cluster);
        var id = cluster.Client.GetGrain<INoteGrain>(TestClusters.NewId("raw")).GetGrainId();

        var creatorA = new GrainState<NoteState>(new NoteState { Text = "a" });
        var creatorB = new GrainState<NoteState>(new NoteState { Text = "b" });
        await storage.WriteStateAsync(NoteGrain.StateName, id, creatorA);
        Assert.Equal("1", creatorA.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(NoteGrain.StateName, id, creatorB));

        var writerA = new GrainState<NoteState>();
        var writerB = new GrainState<NoteState>();
        await storage.ReadStateAsync(NoteGrain.StateName, id, writerA);
        await storage.ReadStateAsync(NoteGrain.StateName, id, writerB);
        writerA.State!.Text = "writer a";
        writerB.State!.Text = "writer b";

        // Race them for real; exactly one may succeed.
        var results = await Task.WhenAll(
            Capture(() => storage.WriteStateAsync(NoteGrain.StateName, id, writerA)),
            Capture(() => storage.WriteStateAsync(NoteGrain.StateName, id, writerB)));
        Assert.Equal(1, results.Count(r => r is null));
        Assert.IsType<InconsistentStateException>(Assert.Single(results, r => r is not null));

        var final = new GrainState<NoteState>();
        await storage.ReadStateAsync(NoteGrain.StateName, id, final);
        Assert.Equal("2", final.ETag);
        Assert.Contains(final.State!.Text, new[] { "writer a", "writer b" });

        // A stale clear is rejected as well.
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(NoteGrain.StateName, id, creatorA));
    }

    public static async Task ClearAsync(InProcessTestCluster cluster)
    {
        var grain = cluster.Client.GetGrain<INoteGrain>(TestClusters.NewId("clear"));
        await grain.SetAsync("to be cleared");

        var cleared = await grain.ClearAsync();
        Assert.False(cleared.RecordExists);
        Assert.Null(cleared.Text);
        Assert.Equal("2", cleared.ETag);

        await cluster.DeactivateAsync(grain);
        var afterClear = await grain.GetAsync();
        Assert.Null(afterClear.Text);
        Assert.Equal(0, afterClear.Writes);
        Assert.False(afterClear.RecordExists);
        Assert.Equal("2", afterClear.ETag);

        // The grain can write again after a clear, continuing the version sequence.
        var rewritten = await grain.SetAsync("again");
        Assert.Equal("3", rewritten.ETag);
        await cluster.DeactivateAsync(grain);
        Assert.Equal("again", (await grain.GetAsync()).Text);
    }

    /// <summary>With DeleteStateOnClear the row is deleted (DeleteStorageKey), still under the ETag check.</summary>
    public static async Task DeleteOnClearAsync(InProcessTestCluster cluster)
    {
        var storage = Storage(cluster, TestClusters.DeleteOnClearStorage);
        var id = cluster.Client.GetGrain<INoteGrain>(TestClusters.NewId("delete")).GetGrainId();

        var owner = new GrainState<NoteState>(new NoteState { Text = "v1" });
        await storage.WriteStateAsync(NoteGrain.StateName, id, owner);
        var stale = new GrainState<NoteState>();
        await storage.ReadStateAsync(NoteGrain.StateName, id, stale);
        owner.State!.Text = "v2";
        await storage.WriteStateAsync(NoteGrain.StateName, id, owner);
        Assert.Equal("2", owner.ETag);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(NoteGrain.StateName, id, stale));

        await storage.ClearStateAsync(NoteGrain.StateName, id, owner);
        Assert.Null(owner.ETag);
        Assert.False(owner.RecordExists);

        var check = new GrainState<NoteState>();
        await storage.ReadStateAsync(NoteGrain.StateName, id, check);
        Assert.Null(check.ETag);
        Assert.False(check.RecordExists);

        owner.State!.Text = "reborn";
        await storage.WriteStateAsync(NoteGrain.StateName, id, owner);
        Assert.Equal("1", owner.ETag);
    }

    private static IGrainStorage Storage(InProcessTestCluster cluster, string name = MosaicStorage.Name) =>
        cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(name);

    private static async Task<Exception?> Capture(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(50);
        }
    }
}
