using Mosaic.Inference.Native;
using TorchSharp;

namespace Mosaic.Inference.Tests;

[Collection(TorchCollection.Name)]
public sealed class NativeLoadTests(TorchFixture fixture)
{
    [Fact]
    public void Torch_LoadsAndComputes()
    {
        Assert.NotNull(fixture.Model);
        Assert.StartsWith("2.10", TorchRuntime.LibTorchVersion, StringComparison.Ordinal);
        using var a = torch.ones(2, 3);
        using var b = torch.full(3, 2, 2.0f);
        using var product = a.matmul(b);
        Assert.Equal(6f * 4, product.sum().item<float>());
    }

    [Fact]
    public void Patch_OnThisHost_LeavesTheOutputCopyWeakAndIsIdempotent()
    {
        var path = NativeLibraryFix.CandidatePaths().First(File.Exists);
        var image = File.ReadAllBytes(path);
        var expected = NativeLibraryFix.HostProvidesVersion()
            ? new[] { ElfVersionNeedPatcher.Result.Patched, ElfVersionNeedPatcher.Result.AlreadyWeak }
            : [ElfVersionNeedPatcher.Result.AlreadyWeak];
        Assert.Contains(ElfVersionNeedPatcher.MakeWeak(image, NativeLibraryFix.MissingVersion, out _), expected);
        Assert.Equal(ElfVersionNeedPatcher.Result.AlreadyWeak, ElfVersionNeedPatcher.MakeWeak(image, NativeLibraryFix.MissingVersion, out var changed));
        Assert.Empty(changed);
    }

    [Fact]
    public void Patch_SetsOnlyTheWeakBitOfTheNamedVersion()
    {
        var original = OriginalLibrary();
        var image = (byte[])original.Clone();
        Assert.Equal(ElfVersionNeedPatcher.Result.Patched, ElfVersionNeedPatcher.MakeWeak(image, NativeLibraryFix.MissingVersion, out var offsets));
        var offset = Assert.Single(offsets);
        var differing = Enumerable.Range(0, image.Length).Where(i => image[i] != original[i]).ToList();
        Assert.Equal([offset], differing);
        Assert.Equal(original[offset] | 0x2, image[offset]);
        Assert.Equal(ElfVersionNeedPatcher.Result.NotFound, ElfVersionNeedPatcher.MakeWeak(image, "GLIBCXX_9.9.99", out _));
        Assert.Equal(ElfVersionNeedPatcher.Result.NotElf64LittleEndian, ElfVersionNeedPatcher.MakeWeak(new byte[100], "x", out _));
    }

    [Fact]
    public void Patch_OfAFileHardLinkedToTheCache_ReplacesTheOutputCopyAndLeavesTheCacheCopyAlone()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the patch runs on Linux only
        }

        var folder = Directory.CreateTempSubdirectory("mosaic-elf-patch").FullName;
        try
        {
            var cached = Path.Combine(folder, "cached.so");
            var output = Path.Combine(folder, "output.so");
            var original = OriginalLibrary();
            File.WriteAllBytes(cached, original);
            File.SetUnixFileMode(cached, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            using (var ln = System.Diagnostics.Process.Start("ln", [cached, output]))
            {
                ln.WaitForExit();
                Assert.Equal(0, ln.ExitCode);
            }

            Assert.Equal(ElfVersionNeedPatcher.Result.Patched, ElfVersionNeedPatcher.MakeWeak(output, NativeLibraryFix.MissingVersion));

            Assert.Equal(original, File.ReadAllBytes(cached));
            Assert.Equal(ElfVersionNeedPatcher.Result.AlreadyWeak, ElfVersionNeedPatcher.MakeWeak(File.ReadAllBytes(output), NativeLibraryFix.MissingVersion, out _));
            Assert.Equal(File.GetUnixFileMode(cached), File.GetUnixFileMode(output));
            Assert.Equal(["cached.so", "output.so"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static byte[] OriginalLibrary()
    {
        // Read-only look at the package's pristine copy; if it is not in the cache, clear the bit on the output copy.
        var home = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var pristine = Path.Combine(home, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (File.Exists(pristine))
        {
            var bytes = File.ReadAllBytes(pristine);
            if (ElfVersionNeedPatcher.MakeWeak((byte[])bytes.Clone(), NativeLibraryFix.MissingVersion, out _) == ElfVersionNeedPatcher.Result.Patched)
            {
                return bytes;
            }
        }

        var copy = File.ReadAllBytes(NativeLibraryFix.CandidatePaths().First(File.Exists));
        foreach (var offset in ElfVersionNeedPatcher.FindFlagOffsets(copy, NativeLibraryFix.MissingVersion)!)
        {
            copy[offset] &= unchecked((byte)~0x2);
        }

        return copy;
    }
}
