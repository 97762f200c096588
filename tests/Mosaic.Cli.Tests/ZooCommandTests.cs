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

    /// <summary>Until 2026-12-06 a file as --out trained for a minute, printed a stack trace, trained again and ended as an internal error.</summary>
    [Fact]
    public void Train_OutIsAFile_OneLineBeforeAnyTraining()
    {
        var file = Path.GetTempFileName();

        var (exit, stdout, stderr) = CliRunner.Run("zoo", "train", "--out", file, "--only", "quick-small");
        File.Delete(file);

        Assert.Equal((2, "", $"error: --out '{file}' is a file, not a folder\n"), (exit, stdout, stderr));
    }

    [Fact]
    public void Train_NoWorkers_OneLine()
    {
        var (exit, _, stderr) = CliRunner.Run("zoo", "train", "--out", Path.Combine(Path.GetTempPath(), $"zoo-{Guid.NewGuid():N}"), "--workers", "0");

        Assert.Equal((2, "error: --workers must be at least 1, got 0\n"), (exit, stderr));
    }

    /// <summary>A damaged model is the user's to mend: one line naming the file, exit code 2 (an internal error until 2026-12-06).</summary>
    [Theory]
    [InlineData("sample", "--model", "quick-small")]
    [InlineData("eval")]
    public void TruncatedWeights_OneLineNamingTheFile(params string[] command)
    {
        var zoo = CopyOfTheZoo();
        var weights = Path.Combine(zoo, "quick-small", "model.safetensors");
        using (var file = File.OpenWrite(weights))
        {
            file.SetLength(file.Length / 2);
        }

        var (exit, _, stderr) = CliRunner.Run(["zoo", .. command, "--dir", zoo]);
        Directory.Delete(zoo, recursive: true);

        Assert.Equal(2, exit);
        var error = Assert.Single(stderr.Trim().Split('\n'), l => l.StartsWith("error", StringComparison.Ordinal)); // after its progress line
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains("quick-small/model.safetensors", error, StringComparison.Ordinal);
        Assert.DoesNotContain("\n   at ", stderr, StringComparison.Ordinal); // no stack trace
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
