using System.Globalization;
using System.Text;

namespace Mosaic.Inference.Tokenization.Unicode;

/// <summary>
/// Unicode normalization (NFC, NFD, NFKC, NFKD, UAX #15) in managed code, from the Unicode Character Database
/// tables in <see cref="UnicodeNormalizationData"/>. The projects run with invariant globalization, under which
/// <see cref="string.Normalize(NormalizationForm)"/> returns its input unchanged; this implementation does not
/// depend on ICU or on the globalization mode.
/// </summary>
internal static class UnicodeNormalizer
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly Lazy<Tables> Data = new(Tables.Build);

    public static string UnicodeVersion => UnicodeNormalizationData.UnicodeVersion;

    public static string Normalize(string text, NormalizationForm form)
    {
        var compatibility = form is NormalizationForm.FormKC or NormalizationForm.FormKD;
        var compose = form is NormalizationForm.FormC or NormalizationForm.FormKC;
        // Below these bounds no code point decomposes, reorders or composes with a neighbour.
        var stable = compatibility ? '\u00A0' : compose ? '\u0300' : '\u00C0';
        if (!text.AsSpan().ContainsAnyExceptInRange('\0', (char)(stable - 1)))
        {
            return text;
        }

        var tables = Data.Value;
        var buffer = new List<int>(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            int codePoint = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }

            tables.Decompose(codePoint, compatibility, buffer);
        }

        tables.ReorderCanonically(buffer);
        if (compose)
        {
            tables.Compose(buffer);
        }

        var builder = new StringBuilder(buffer.Count + 8);
        foreach (var codePoint in buffer)
        {
            if (codePoint is >= 0xD800 and <= 0xDFFF)
            {
                builder.Append((char)codePoint);
            }
            else
            {
                builder.Append(char.ConvertFromUtf32(codePoint));
            }
        }

        return builder.ToString();
    }

    private sealed class Tables
    {
        private readonly Dictionary<int, byte> combiningClass = [];
        private readonly Dictionary<int, int[]> canonical = [];
        private readonly Dictionary<int, int[]> compatibility = [];
        private readonly Dictionary<long, int> compositions = [];

        public static Tables Build()
        {
            var tables = new Tables();
            var excluded = new HashSet<int>();
            foreach (var line in UnicodeNormalizationData.Entries.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line[0] == '!')
                {
                    excluded.Add(Hex(line.AsSpan(1)));
                    continue;
                }

                var fields = line.Split(';');
                var codePoint = Hex(fields[0]);
                var ccc = byte.Parse(fields[1], CultureInfo.InvariantCulture);
                if (ccc != 0)
                {
                    tables.combiningClass[codePoint] = ccc;
                }

                if (fields.Length > 2)
                {
                    var mapping = fields[2][1..].Split(' ').Select(h => Hex(h)).ToArray();
                    (fields[2][0] == '=' ? tables.canonical : tables.compatibility)[codePoint] = mapping;
                }
            }

            foreach (var (composite, mapping) in tables.canonical)
            {
                // Full composition exclusions: the listed ones, singletons, and non-starter decompositions.
                if (mapping.Length == 2 && !excluded.Contains(composite) && tables.Class(composite) == 0 && tables.Class(mapping[0]) == 0)
                {
                    tables.compositions[Pair(mapping[0], mapping[1])] = composite;
                }
            }

            return tables;
        }

        public void Decompose(int codePoint, bool withCompatibility, List<int> output)
        {
            if (codePoint is >= SBase and < SBase + SCount)
            {
                var index = codePoint - SBase;
                output.Add(LBase + (index / NCount));
                output.Add(VBase + (index % NCount / TCount));
                if (index % TCount != 0)
                {
                    output.Add(TBase + (index % TCount));
                }

                return;
            }

            if (canonical.TryGetValue(codePoint, out var mapping) || (withCompatibility && compatibility.TryGetValue(codePoint, out mapping)))
            {
                foreach (var part in mapping)
                {
                    Decompose(part, withCompatibility, output);
                }

                return;
            }

            output.Add(codePoint);
        }

        /// <summary>Stable-sorts each run of non-starters by combining class (the canonical ordering algorithm).</summary>
        public void ReorderCanonically(List<int> buffer)
        {
            for (var i = 1; i < buffer.Count; i++)
            {
                var ccc = Class(buffer[i]);
                if (ccc == 0)
                {
                    continue;
                }

                var j = i;
                var current = buffer[i];
                while (j > 0 && Class(buffer[j - 1]) > ccc)
                {
                    buffer[j] = buffer[j - 1];
                    j--;
                }

                buffer[j] = current;
            }
        }

        /// <summary>The canonical composition algorithm: composes each unblocked character with its last starter.</summary>
        public void Compose(List<int> buffer)
        {
            if (buffer.Count == 0)
            {
                return;
            }

            var starterIndex = 0;
            var starter = buffer[0];
            var lastClass = Class(starter) == 0 ? 0 : 256;
            var target = 1;
            for (var i = 1; i < buffer.Count; i++)
            {
                var current = buffer[i];
                var ccc = Class(current);
                if ((lastClass < ccc || lastClass == 0) && TryCompose(starter, current, out var composite))
                {
                    buffer[starterIndex] = composite;
                    starter = composite;
                    continue;
                }

                if (ccc == 0)
                {
                    starterIndex = target;
                    starter = current;
                }

                lastClass = ccc;
                buffer[target++] = current;
            }

            buffer.RemoveRange(target, buffer.Count - target);
        }

        private bool TryCompose(int first, int second, out int composite)
        {
            if (first is >= LBase and < LBase + LCount && second is >= VBase and < VBase + VCount)
            {
                composite = SBase + ((((first - LBase) * VCount) + (second - VBase)) * TCount);
                return true;
            }

            if (first is >= SBase and < SBase + SCount && (first - SBase) % TCount == 0 && second is > TBase and < TBase + TCount)
            {
                composite = first + (second - TBase);
                return true;
            }

            return compositions.TryGetValue(Pair(first, second), out composite);
        }

        private int Class(int codePoint) => codePoint < 0x300 ? 0 : combiningClass.GetValueOrDefault(codePoint);

        private static long Pair(int first, int second) => ((long)first << 32) | (uint)second;

        private static int Hex(ReadOnlySpan<char> text) => int.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
