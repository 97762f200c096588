using Mosaic.Cli.Demo;

namespace Mosaic.Cli.Tests;

/// <summary>
/// The demo's data folder: a fresh store each run, and nothing lost that the demo did not make (until 2026-12-04
/// <c>mosaic demo --data DIR</c> deleted DIR recursively, whatever it held).
/// </summary>
public sealed class DemoStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mosaic-demo-store-").FullName;

    [Fact]
    public void Prepare_FolderOfTheUsers_KeepsEverythingAndAddsTheMarker()
    {
        var data = Folder("mine", ("thesis.txt", "years of work"), ("sub/notes.md", "more"));

        DemoStore.Prepare(data, isDefault: false);

        Assert.Equal("years of work", File.ReadAllText(Path.Combine(data, "thesis.txt")));
        Assert.Equal("more", File.ReadAllText(Path.Combine(data, "sub", "notes.md")));
        Assert.True(File.Exists(Path.Combine(data, DemoStore.MarkerFileName)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Prepare_StoreTheDemoDidNotMake_RefusesAndChangesNothing(bool isDefault)
    {
        // mosaic serve's data folder: its batches and files live in mosaic.db.
        var data = Folder("serve-data", ("mosaic.db", "serve's jobs"), ("mosaic.db-wal", "recent"), ("uploads.txt", "x"));

        var error = Assert.Throws<UsageException>(() => DemoStore.Prepare(data, isDefault));

        Assert.Contains($"'{data}' holds a Mosaic store the demo did not make", error.Message, StringComparison.Ordinal);
        Assert.Equal("serve's jobs", File.ReadAllText(Path.Combine(data, "mosaic.db")));
        Assert.Equal("recent", File.ReadAllText(Path.Combine(data, "mosaic.db-wal")));
        Assert.False(File.Exists(Path.Combine(data, DemoStore.MarkerFileName)));
    }

    [Fact]
    public void Prepare_NamedStoreWithoutMarker_IsRefusedEvenWithNothingElseInIt()
    {
        var data = Folder("serve-data", ("mosaic.db", "serve's jobs"));

        Assert.Throws<UsageException>(() => DemoStore.Prepare(data, isDefault: false));
        Assert.True(File.Exists(Path.Combine(data, "mosaic.db")));
    }

    [Fact]
    public void Prepare_EarlierDemosStore_RemovesItsStoreFilesOnly()
    {
        var data = Folder("demo-data", (DemoStore.MarkerFileName, ""), ("mosaic.db", "old jobs"), ("mosaic.db-wal", "w"), ("mosaic.db-shm", "s"), ("keep.txt", "k"));

        DemoStore.Prepare(data, isDefault: false);

        Assert.Equal([DemoStore.MarkerFileName, "keep.txt"], Directory.GetFileSystemEntries(data).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Prepare_DefaultFolderOfADemoBeforeTheMarker_IsReplaced()
    {
        var data = Folder("out/data", ("mosaic.db", "old jobs"));

        DemoStore.Prepare(data, isDefault: true);

        Assert.Equal([DemoStore.MarkerFileName], Directory.GetFileSystemEntries(data).Select(Path.GetFileName));
    }

    [Fact]
    public void Prepare_NewFolder_IsCreatedWithTheMarker()
    {
        var data = Path.Combine(_folder, "new", "data");

        DemoStore.Prepare(data, isDefault: true);

        Assert.Equal([DemoStore.MarkerFileName], Directory.GetFileSystemEntries(data).Select(Path.GetFileName));
    }

    /// <summary>Through the command: a refused --data is one line and exit code 2, before any model or silo starts, and the output folder is not created.</summary>
    [Fact]
    public void Demo_DataFolderHoldingAnotherStore_OneLineExitCode2AndNothingLost()
    {
        var data = Folder("serve-data", ("mosaic.db", "serve's jobs"), ("thesis.txt", "years of work"));
        var output = Path.Combine(_folder, "demo-out");

        var (exit, stdout, stderr) = CliRunner.Run("demo", "--data", data, "--out", output);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith($"error: --data '{data}' holds a Mosaic store the demo did not make", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("serve's jobs", File.ReadAllText(Path.Combine(data, "mosaic.db")));
        Assert.Equal("years of work", File.ReadAllText(Path.Combine(data, "thesis.txt")));
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Demo_OutOrDataIsAFile_OneLineExitCode2()
    {
        var file = Path.Combine(_folder, "afile");
        File.WriteAllText(file, "not a folder");

        var outIsFile = CliRunner.Run("demo", "--out", file);
        var dataIsFile = CliRunner.Run("demo", "--out", Path.Combine(_folder, "out"), "--data", file);

        Assert.Equal((2, "", $"error: --out '{file}' is a file; the demo writes a folder (report.json, results.jsonl, timelines)\n"), outIsFile);
        Assert.Equal((2, "", $"error: --data '{file}' is a file, not a folder\n"), dataIsFile);
        Assert.Equal("not a folder", File.ReadAllText(file));
        Assert.False(Directory.Exists(Path.Combine(_folder, "out")));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Folder(string name, params (string Path, string Content)[] files)
    {
        var folder = Path.Combine(_folder, name);
        Directory.CreateDirectory(folder);
        foreach (var (path, content) in files)
        {
            var file = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, content);
        }

        return folder;
    }
}
