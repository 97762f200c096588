using System.Buffers;
using System.Text.Unicode;

namespace Mosaic.Gateway.Batches;

/// <summary>
/// The lines of a batch file (the gateway's and <c>mosaic run</c>'s), split on <c>\n</c> and numbered from 1, a leading
/// byte-order mark and each line's trailing <c>\r</c> dropped, decoded as strict UTF-8: a line that is not UTF-8 has
/// no text but the offset of its first bad byte, since decoding it leniently would send an altered question.
/// </summary>
internal static class BatchFileLines
{
    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    public static IEnumerable<BatchFileLine> Of(byte[] content)
    {
        var start = content.AsSpan().StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0;
        for (var number = 1; start <= content.Length; number++)
        {
            var end = Array.IndexOf(content, (byte)'\n', start);
            var length = (end < 0 ? content.Length : end) - start;
            if (length > 0 && content[start + length - 1] == '\r')
            {
                length--;
            }

            yield return Decode(number, new ReadOnlyMemory<byte>(content, start, length));
            if (end < 0)
            {
                yield break;
            }

            start = end + 1;
        }
    }

    private static BatchFileLine Decode(int number, ReadOnlyMemory<byte> bytes)
    {
        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes.Span, chars, out var read, out var written, replaceInvalidSequences: false);
        return status == OperationStatus.Done
            ? new BatchFileLine(number, new string(chars, 0, written), null)
            : new BatchFileLine(number, null, new BadByte(read + 1, bytes.Span[read]));
    }
}
