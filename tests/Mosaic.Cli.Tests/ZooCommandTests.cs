using System.Text.Json;
using Mosaic.Zoo;

namespace Mosaic.Cli.Tests;

public sealed class ZooCommandTests
{
    [Fact]
    public void Sample_UnknownModel_IsAOneLineUserError()
    {
        var (exit, _, stderr) = CliRunner.Run("zoo", "sample", "--model", "nobody");

        Assert.Equal(2, exit);
        Assert.StartsWith("error: unknown zoo model 'nobody'", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Eval_MissingFolder_IsAOneLineUserError()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-zoo-{Guid.NewGuid():N}");

        var (exit, _, stderr) = CliRunner.Run("zoo", "eval", "--dir", missing, "--json");

        Assert.Equal(2, exit);
        Assert.Contains("zoo folder not found", stderr);
    }

    [Fact]
    public void Workload_MissingManifest_IsAOneLineUserError()
    {
        var empty = Directory.CreateTempSubdirectory("zoo-empty-").FullName;

        var (exit, _, stderr) = CliRunner.Run("zoo", "workload", "--dir", empty);

        Assert.Equal(2, exit);
        Assert.Contains("no zoo manifest", stderr);
    }

    [Fact]
    public void Profile_OnlyTakesACommaSeparatedList_AndProfilesExactlyThoseModels()
    {
        var zoo = CopyOfTheZoo();

        var (exit, stdout, stderr) = CliRunner.Run("zoo", "profile", "--dir", zoo, "--only", "quick-small,quick-medium", "--sessions", "16", "--repeats", "1", "--json");
        Directory.Delete(zoo, recursive: true);

        Assert.True(exit == 0, stderr);
        var profiled = JsonDocument.Parse(stdout).RootElement.GetProperty("profiles").EnumerateArray().Select(p => p.GetProperty("expert").GetString());
        Assert.Equal(["quick-small", "quick-medium"], profiled);
    }

    [Fact]
    public void Profile_UnknownNameInACommaSeparatedList_IsAOneLineUserError()
    {
        var zoo = CopyOfTheZoo();

        var (exit, _, stderr) = CliRunner.Run("zoo", "profile", "--dir", zoo, "--only", "quick-small,nobody");
        Directory.Delete(zoo, recursive: true);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: unknown zoo model 'nobody'", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    /// <summary>The shipped zoo in a temporary folder, so that profiling writes its profile.json files there.</summary>
    internal static string CopyOfTheZoo()
    {
        var source = ZooPaths.DefaultDirectory();
        var copy = Directory.CreateTempSubdirectory("zoo-copy-").FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }
}
