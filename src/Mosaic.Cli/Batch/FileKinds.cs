using System.Runtime.InteropServices;

namespace Mosaic.Cli.Batch;

/// <summary>
/// <see cref="FileKind"/> of a path. .NET reports a device or a FIFO as an ordinary file, so on Linux this asks the
/// kernel (<c>statx</c>, whose buffer layout is the same on every architecture); elsewhere anything that exists and is
/// not a folder counts as a regular file.
/// </summary>
internal static class FileKinds
{
    private const int AtCurrentDirectory = -100;
    private const uint ModeField = 0x2;
    private const int ModeOffset = 28;
    private const int TypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int FolderType = 0x4000;

    public static FileKind Of(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return Directory.Exists(path) ? FileKind.Folder : File.Exists(path) ? FileKind.Regular : FileKind.Missing;
        }

        var buffer = new byte[256];
        if (Statx(AtCurrentDirectory, path, 0, ModeField, buffer) != 0)
        {
            return FileKind.Missing;
        }

        return (BitConverter.ToUInt16(buffer, ModeOffset) & TypeMask) switch
        {
            RegularType => FileKind.Regular,
            FolderType => FileKind.Folder,
            _ => FileKind.Special,
        };
    }

    [DllImport("libc", EntryPoint = "statx")]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
