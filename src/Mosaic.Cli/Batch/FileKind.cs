namespace Mosaic.Cli.Batch;

/// <summary>What a path names, links followed: nothing, a regular file, a folder, or something else (a device, a FIFO, a socket).</summary>
internal enum FileKind
{
    Missing,
    Regular,
    Folder,
    Special,
}
