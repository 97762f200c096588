using Mosaic.Gateway.Batches;

namespace Mosaic.Gateway.Tests;

public sealed class BatchFileLinesTests
{
    [Fact]
    public void Lines_WithoutTheByteOrderMarkAndCarriageReturns_NumberedWithBlanks()
    {
        byte[] content = [0xEF, 0xBB, 0xBF, .. "{\"a\": 1}\r\n\n  \r\n{\"b\": \"é\"}"u8];

        var lines = BatchFileLines.Of(content).ToArray();

        Assert.Equal([(1, "{\"a\": 1}"), (2, ""), (3, "  "), (4, "{\"b\": \"é\"}")], lines.Select(l => (l.Number, l.Text)));
        Assert.All(lines, l => Assert.Null(l.NotUtf8));
    }

    [Fact]
    public void LineWithABadByte_HasNoTextButWhereItsFirstBadByteIs_AndTheNextLinesAreRead()
    {
        byte[] content = [.. "ok\ncaf"u8, 0xE9, .. " et th"u8, 0xE9, .. "\nok too\n"u8];

        var lines = BatchFileLines.Of(content).ToArray();

        Assert.Equal(["ok", null, "ok too", ""], lines.Select(l => l.Text));
        Assert.Equal(new BadByte(4, 0xE9), lines[1].NotUtf8);
        Assert.Equal("line 2 is not UTF-8 text: its byte 4 (0xE9) is not part of a UTF-8 character", lines[1].NotUtf8Message);
    }

    [Fact]
    public void ATruncatedCharacterAtTheEndOfALine_IsNotUtf8()
    {
        byte[] content = [.. "x"u8, 0xF0, 0x9F, 0x98, .. "\n"u8];

        Assert.Equal(new BadByte(2, 0xF0), BatchFileLines.Of(content).First().NotUtf8);
    }
}
