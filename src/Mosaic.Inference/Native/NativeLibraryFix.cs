using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mosaic.Inference.Native;

/// <summary>
/// Makes TorchSharp 0.107's <c>libLibTorchSharp.so</c> loadable on hosts whose libstdc++ predates GCC 13
/// (Debian 12, Ubuntu 22.04). The library declares a need for <c>GLIBCXX_3.4.32</c> only because of the unused
/// link-time marker <c>std::ios_base_library_init()</c>; flagging that requirement weak lets glibc load it.
/// Only the build-output copy is patched (never the NuGet cache), only on Linux, only when the host lacks the
/// version (an already-weak entry is left alone). It runs when this library is first used and again right before
/// libtorch is first loaded: a rebuild while a host runs copies the unpatched library back in between (seen with
/// silo processes started from the build output).
/// </summary>
internal static class NativeLibraryFix
{
    internal const string MissingVersion = "GLIBCXX_3.4.32";

    /// <summary>The files the patch targets: TorchSharp's first and fallback load locations.</summary>
    internal static IEnumerable<string> CandidatePaths()
    {
        var baseDirectory = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location) ?? AppContext.BaseDirectory;
        yield return Path.Combine(baseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        yield return Path.Combine(baseDirectory, "cpu", "libLibTorchSharp.so");
        yield return Path.Combine(baseDirectory, "libLibTorchSharp.so");
        if (!string.Equals(baseDirectory, AppContext.BaseDirectory.TrimEnd('/'), StringComparison.Ordinal))
        {
            yield return Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
            yield return Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        }
    }

#pragma warning disable CA2255 // The patch must run before any code of this library can touch torch.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Apply()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return;
        }

        try
        {
            if (HostProvidesVersion())
            {
                return;
            }

            foreach (var path in CandidatePaths())
            {
                if (File.Exists(path))
                {
                    ElfVersionNeedPatcher.MakeWeak(path, MissingVersion);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OverflowException or ArgumentException)
        {
            // A read-only output folder: torch's own load error will say what is missing.
            System.Diagnostics.Trace.TraceWarning($"mosaic: could not patch libLibTorchSharp.so: {e.Message}");
        }
    }

    /// <summary>True when the libstdc++ this process already loaded defines the version TorchSharp asks for.</summary>
    internal static bool HostProvidesVersion()
    {
        var library = LoadedLibstdcxx();
        if (library is null)
        {
            return false;
        }

        var needle = System.Text.Encoding.ASCII.GetBytes(MissingVersion + "\0");
        return File.ReadAllBytes(library).AsSpan().IndexOf(needle) >= 0;
    }

    private static string? LoadedLibstdcxx()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var slash = line.IndexOf('/');
                if (slash >= 0 && line.Contains("libstdc++.so", StringComparison.Ordinal))
                {
                    return line[slash..];
                }
            }
        }
        catch (IOException)
        {
        }

        foreach (var candidate in new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
