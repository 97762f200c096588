using System.Diagnostics;
using Mosaic.Cli.Batch;

namespace Mosaic.Cli.Tests;

public sealed class RunStoreFoldersTests
{
    [Fact]
    public void DeleteAbandoned_RemovesTheFoldersOfProcessesThatAreGone_AndKeepsTheRest()
    {
        // A run killed with SIGKILL left its store in /tmp: 24 such folders had piled up on one machine.
        var parent = Directory.CreateTempSubdirectory("mosaic-run-stores-").FullName;
        int gone;
        using (var exited = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            exited.WaitForExit();
            gone = exited.Id;
        }

        var abandoned = Directory.CreateDirectory(Path.Combine(parent, $"mosaic-run-{gone}-{Guid.NewGuid():N}")).FullName;
        File.WriteAllText(Path.Combine(abandoned, "mosaic.db"), "rows");
        var live = Directory.CreateDirectory(RunStoreFolders.New(parent)).FullName;
        var foreign = Directory.CreateDirectory(Path.Combine(parent, "mosaic-run-notes")).FullName;

        var deleted = RunStoreFolders.DeleteAbandoned(parent);

        Assert.Equal(1, deleted);
        Assert.False(Directory.Exists(abandoned));
        Assert.True(Directory.Exists(live));
        Assert.True(Directory.Exists(foreign));
        Directory.Delete(parent, recursive: true);
    }
}
