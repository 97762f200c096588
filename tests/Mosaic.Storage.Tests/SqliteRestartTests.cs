using Mosaic.Storage.Tests.Grains;

namespace Mosaic.Storage.Tests;

public sealed class SqliteRestartTests : IDisposable
{
    private readonly string dataFolder = Path.Combine(Path.GetTempPath(), TestClusters.NewId("mosaic-restart"));

    [Fact]
    public async Task State_survives_a_whole_cluster_restart_on_the_same_file()
    {
        var storage = new MosaicStorageOptions { Provider = MosaicStorageProvider.Sqlite, DataFolder = dataFolder };
        var serviceId = TestClusters.NewId("restart-svc");
        var key = TestClusters.NewId("restart");

        var keys = Enumerable.Range(0, 8).Select(i => $"{key}-{i}").ToArray();

        // Two silos install the schema into the same new file at once, then write from both.
        await using (var first = await TestClusters.DeployAsync(storage, serviceId, silos: 2))
        {
            var written = await Task.WhenAll(keys.Select(k => first.Client.GetGrain<INoteGrain>(k).SetAsync("before restart")));
            Assert.All(written, note => Assert.Equal("1", note.ETag));
        }

        await using var second = await TestClusters.DeployAsync(storage, serviceId);
        var notes = await Task.WhenAll(keys.Select(k => second.Client.GetGrain<INoteGrain>(k).GetAsync()));
        Assert.All(notes, note =>
        {
            Assert.Equal("before restart", note.Text);
            Assert.Equal("1", note.ETag);
        });
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataFolder))
        {
            Directory.Delete(dataFolder, recursive: true);
        }
    }
}
