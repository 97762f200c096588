using System.Diagnostics;
using System.Globalization;

namespace Mosaic.Cli.Batch;

/// <summary>
/// The temporary stores of <c>mosaic run</c> without <c>--data</c>: one folder per run, named by its process, deleted
/// when the run ends. A run killed with SIGKILL cannot delete its own; the next run deletes the folders of processes
/// that no longer exist.
/// </summary>
internal static class RunStoreFolders
{
    private const string Prefix = "mosaic-run-";

    /// <summary>A fresh folder name for this process's run (not created).</summary>
    public static string New(string parent) =>
        Path.Combine(parent, $"{Prefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");

    /// <summary>Deletes the run folders in <paramref name="parent"/> whose process is gone; returns how many.</summary>
    public static int DeleteAbandoned(string parent)
    {
        var deleted = 0;
        foreach (var folder in Directory.EnumerateDirectories(parent, $"{Prefix}*"))
        {
            if (OwnerOf(Path.GetFileName(folder)) is { } pid && !IsRunning(pid) && TryDelete(folder))
            {
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>
    /// Deletes a run's folder if it can; false when it cannot (another user's, being deleted by another run, already
    /// gone): a temporary folder left behind is harmless, and the next run deletes it once its process is gone.
    /// </summary>
    public static bool TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The process id in a run folder's name (<c>mosaic-run-PID-GUID</c>); null for any other name.</summary>
    private static int? OwnerOf(string name)
    {
        var rest = name.AsSpan(Prefix.Length);
        var dash = rest.IndexOf('-');
        return dash > 0 && int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
