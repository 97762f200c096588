using System.Diagnostics;
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
        var (exit, output) = await PackAsync(Path.Combine(Repository.Root, "src", project, $"{project}.csproj"));

        Assert.True(exit == 0, output);
        using var package = ZipFile.OpenRead(Assert.Single(Directory.GetFiles(_folder, $"{project}.*.nupkg")));
        var entries = package.Entries.Select(e => e.FullName).ToArray();
        Assert.Contains($"lib/net10.0/{project}.dll", entries);
        Assert.Contains($"lib/net10.0/{project}.xml", entries);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<(int Exit, string Output)> PackAsync(string project)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "pack", project, "-c", Repository.Configuration, "--no-build", "-o", _folder })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
