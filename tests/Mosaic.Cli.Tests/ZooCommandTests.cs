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
}
