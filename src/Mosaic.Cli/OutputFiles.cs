using Mosaic.Cli.Batch;

namespace Mosaic.Cli;

/// <summary>Output files of the commands, checked before any work so that a long run never ends in a write error.</summary>
internal static class OutputFiles
{
    /// <summary>
    /// The file <paramref name="option"/> names, checked before any work: <paramref name="path"/> itself, or the file a
    /// link names (the link stays a link); a device or a FIFO (<c>/dev/null</c>, <c>/dev/stdout</c>) is written in place.
    /// Fails when it could not be written at the end: a folder, under a file, in a folder this process may not write to,
    /// or the command's input file. Creates nothing (a missing folder is created when the file is written).
    /// </summary>
    /// <exception cref="UsageException">The path cannot be written; the message names the option, the path and why.</exception>
    public static string CheckWritable(string option, string path, string? input = null, string example = "results.jsonl")
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new UsageException($"{option} needs a file name");
        }

        var full = Path.GetFullPath(path);
        var kind = FileKinds.Of(full);
        if (kind == FileKind.Folder)
        {
            throw new UsageException($"{option} '{path}' is a folder; name the file to write, such as {Path.Combine(path, example)}");
        }

        if (kind == FileKind.Special)
        {
            return full; // renaming a file over a device or a FIFO would replace it, and the reader would get nothing
        }

        var target = FinalTarget(full);
        if (input is not null && File.Exists(input) && string.Equals(target, FinalTarget(Path.GetFullPath(input)), StringComparison.Ordinal))
        {
            throw new UsageException($"{option} '{path}' is the input file: the results would replace the requests");
        }

        ProbeNearestFolder(option, path, Path.GetDirectoryName(target)!);
        return target;
    }

    /// <summary>
    /// The folder <paramref name="option"/> names, checked before any work: not a file, not under a file, and in a
    /// place this process may write to (its nearest existing folder takes a file). Creates nothing.
    /// </summary>
    /// <exception cref="UsageException">The folder cannot be written; the message names the option, the path and why.</exception>
    public static string CheckWritableFolder(string option, string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new UsageException($"{option} needs a folder name");
        }

        var full = Path.GetFullPath(path);
        if (File.Exists(full) || FileKinds.Of(full) == FileKind.Special)
        {
            throw new UsageException($"{option} '{path}' is a file, not a folder");
        }

        ProbeNearestFolder(option, path, full);
        return full;
    }

    /// <summary>Writes and deletes an empty file in <paramref name="folder"/> or, while it does not exist, its nearest existing parent.</summary>
    private static void ProbeNearestFolder(string option, string path, string folder)
    {
        while (!Directory.Exists(folder))
        {
            if (File.Exists(folder))
            {
                throw new UsageException($"{option} '{path}': '{folder}' is a file, not a folder");
            }

            folder = Path.GetDirectoryName(folder)!;
        }

        var probe = Path.Combine(folder, $".mosaic-probe-{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (UnauthorizedAccessException)
        {
            throw new UsageException($"{option} '{path}' cannot be written: no permission to create files in '{folder}'");
        }
        catch (IOException e)
        {
            throw new UsageException($"{option} '{path}' cannot be written: cannot create files in '{folder}' ({e.Message.Replace(probe, folder, StringComparison.Ordinal)})");
        }
    }

    /// <summary>The file a path names once every link is followed; the path itself when it is no link.</summary>
    private static string FinalTarget(string full) =>
        new FileInfo(full).LinkTarget is null ? full : File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
}
