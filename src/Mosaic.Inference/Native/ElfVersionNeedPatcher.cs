using System.Buffers.Binary;
using System.Text;

namespace Mosaic.Inference.Native;

/// <summary>
/// Marks one symbol-version requirement (a <c>Vernaux</c> entry in <c>.gnu.version_r</c>) of an ELF64
/// little-endian shared object as weak, so that glibc's loader tolerates a host library lacking that version.
/// </summary>
internal static class ElfVersionNeedPatcher
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>Outcome of inspecting one file.</summary>
    internal enum Result
    {
        NotFound,
        AlreadyWeak,
        Patched,
        NotElf64LittleEndian,
    }

    /// <summary>
    /// Finds <paramref name="versionName"/> among the needed versions and sets VER_FLG_WEAK on it. The patched library
    /// is a new file renamed over the old one, never a write into it: the build hard-links output files to the NuGet
    /// cache, whose copy must stay as the package shipped it, and a process that already mapped the old file keeps it.
    /// </summary>
    public static Result MakeWeak(string path, string versionName)
    {
        var image = File.ReadAllBytes(path);
        var result = MakeWeak(image, versionName, out _);
        if (result == Result.Patched)
        {
            var patched = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            try
            {
                File.WriteAllBytes(patched, image);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(patched, File.GetUnixFileMode(path));
                }

                File.Move(patched, path, overwrite: true);
            }
            finally
            {
                File.Delete(patched);
            }
        }

        return result;
    }

    /// <summary>In-memory variant: patches <paramref name="image"/> and reports the offsets of changed flags.</summary>
    public static Result MakeWeak(byte[] image, string versionName, out List<int> changedFlagOffsets)
    {
        changedFlagOffsets = [];
        var matches = FindFlagOffsets(image, versionName);
        if (matches is null)
        {
            return Result.NotElf64LittleEndian;
        }

        foreach (var offset in matches)
        {
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(offset));
            if ((flags & VerFlagWeak) == 0)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(offset), (ushort)(flags | VerFlagWeak));
                changedFlagOffsets.Add(offset);
            }
        }

        return changedFlagOffsets.Count > 0 ? Result.Patched : matches.Count > 0 ? Result.AlreadyWeak : Result.NotFound;
    }

    /// <summary>
    /// File offsets of the <c>vna_flags</c> fields of every Vernaux entry named <paramref name="versionName"/>;
    /// null when the image is not ELF64 little-endian.
    /// </summary>
    public static List<int>? FindFlagOffsets(byte[] image, string versionName)
    {
        ReadOnlySpan<byte> span = image;
        if (span.Length < 0x40 || span[0] != 0x7F || span[1] != (byte)'E' || span[2] != (byte)'L' || span[3] != (byte)'F'
            || span[4] != 2 || span[5] != 1)
        {
            return null;
        }

        var matches = new List<int>();
        var sectionTable = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]));
        var sectionSize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        var sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        for (var i = 0; i < sectionCount; i++)
        {
            var header = span.Slice(sectionTable + i * sectionSize, sectionSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != ShtGnuVerneed)
            {
                continue;
            }

            var needOffset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header[24..]));
            var stringSection = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[40..]);
            var needCount = BinaryPrimitives.ReadUInt32LittleEndian(header[44..]);
            var stringHeader = span.Slice(sectionTable + stringSection * sectionSize, sectionSize);
            var strings = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(stringHeader[24..]));

            for (var n = 0; n < needCount; n++)
            {
                var auxCount = BinaryPrimitives.ReadUInt16LittleEndian(span[(needOffset + 2)..]);
                var aux = needOffset + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(needOffset + 8)..]);
                for (var a = 0; a < auxCount; a++)
                {
                    var nameOffset = strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 8)..]);
                    if (ReadCString(span, nameOffset) == versionName)
                    {
                        matches.Add(aux + 4);
                    }

                    var nextAux = BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 12)..]);
                    if (nextAux == 0)
                    {
                        break;
                    }

                    aux += (int)nextAux;
                }

                var nextNeed = BinaryPrimitives.ReadUInt32LittleEndian(span[(needOffset + 12)..]);
                if (nextNeed == 0)
                {
                    break;
                }

                needOffset += (int)nextNeed;
            }
        }

        return matches;
    }

    private static string ReadCString(ReadOnlySpan<byte> span, int offset)
    {
        var end = span[offset..].IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? span[offset..] : span.Slice(offset, end));
    }
}
