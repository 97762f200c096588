using System.IO.Compression;

namespace Mosaic.Deploy.Tests;

/// <summary>
/// The client packages as <c>dotnet pack</c> makes them from this build: each carries its XML docs beside its assembly,
/// so an application's IDE shows them. Until 2026-12-06 the packages held the assemblies alone.
/// </summary>
public sealed class ClientPackageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mosaic-pack-").FullName;

    [Theory]
    [InlineData("Mosaic.Client")]
    [InlineData("Mosaic.Abstractions")]
    [InlineData("Mosaic.Aggregation")]
    public async Task Pack_TheAssemblyComesWithItsXmlDocs(string project)
    {
        var (exit, stdout, stderr) = await ChildProcess.RunAsync(
            "dotnet", ["pack", Path.Combine(Repository.Root, "src", project, $"{project}.csproj"), "-c", Repository.Configuration, "--no-build", "-o", _folder], TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, stdout + stderr);
        using var package = ZipFile.OpenRead(Assert.Single(Directory.GetFiles(_folder, $"{project}.*.nupkg")));
        var entries = package.Entries.Select(e => e.FullName).ToArray();
        Assert.Contains($"lib/net10.0/{project}.dll", entries);
        Assert.Contains($"lib/net10.0/{project}.xml", entries);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
