namespace Mosaic.Inference.Tokenization;

/// <summary>GPT-2's reversible byte ↔ printable-character table used by byte-level BPE vocabularies.</summary>
internal static class ByteLevelAlphabet
{
    /// <summary>The character that stands for each byte.</summary>
    public static readonly char[] ByteToChar = Build();

    /// <summary>The byte for each character of the table (indexed by character; -1 where the character is not in it).</summary>
    public static readonly short[] CharToByte = Invert(ByteToChar);

    public static bool TryGetByte(char c, out byte value)
    {
        if (c < CharToByte.Length && CharToByte[c] >= 0)
        {
            value = (byte)CharToByte[c];
            return true;
        }

        value = 0;
        return false;
    }

    private static char[] Build()
    {
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = (char)(printable ? b : next++);
        }

        return table;
    }

    private static short[] Invert(char[] table)
    {
        var inverse = new short[table.Max() + 1];
        Array.Fill(inverse, (short)-1);
        for (var b = 0; b < table.Length; b++)
        {
            inverse[table[b]] = (short)b;
        }

        return inverse;
    }
}
