namespace Mosaic.Inference.Tokenization.PreTokenizers;

/// <summary>Hugging Face's split of a string by delimiter ranges, for each <see cref="SplitBehavior"/>.</summary>
internal static class PieceSplitter
{
    /// <summary>Splits <paramref name="text"/> given the delimiter ranges (sorted, non-overlapping) and appends the non-empty pieces.</summary>
    public static void Split(string text, List<(int Start, int Length)> delimiters, SplitBehavior behavior, bool invert, List<string> output)
    {
        // The whole text as alternating (range, is-delimiter) parts, as Hugging Face's find_matches produces it.
        var parts = new List<(int Start, int End, bool Delimiter)>(delimiters.Count * 2 + 1);
        var position = 0;
        foreach (var (start, length) in delimiters)
        {
            if (start > position)
            {
                parts.Add((position, start, invert));
            }

            parts.Add((start, start + length, !invert));
            position = start + length;
        }

        if (position < text.Length)
        {
            parts.Add((position, text.Length, invert));
        }

        var pieces = new List<(int Start, int End, bool Remove)>(parts.Count);
        switch (behavior)
        {
            case SplitBehavior.Removed:
                pieces.AddRange(parts);
                break;
            case SplitBehavior.Isolated:
                pieces.AddRange(parts.Select(p => (p.Start, p.End, false)));
                break;
            case SplitBehavior.Contiguous:
                {
                    var previousDelimiter = false;
                    foreach (var part in parts)
                    {
                        if (part.Delimiter == previousDelimiter && pieces.Count > 0)
                        {
                            pieces[^1] = (pieces[^1].Start, part.End, false);
                        }
                        else
                        {
                            pieces.Add((part.Start, part.End, false));
                        }

                        previousDelimiter = part.Delimiter;
                    }

                    break;
                }

            case SplitBehavior.MergedWithPrevious:
                {
                    var previousDelimiter = false;
                    foreach (var part in parts)
                    {
                        if (part.Delimiter && !previousDelimiter && pieces.Count > 0)
                        {
                            pieces[^1] = (pieces[^1].Start, part.End, false);
                        }
                        else
                        {
                            pieces.Add((part.Start, part.End, false));
                        }

                        previousDelimiter = part.Delimiter;
                    }

                    break;
                }

            case SplitBehavior.MergedWithNext:
                {
                    var previousDelimiter = false;
                    for (var i = parts.Count - 1; i >= 0; i--)
                    {
                        var part = parts[i];
                        if (part.Delimiter && !previousDelimiter && pieces.Count > 0)
                        {
                            pieces[^1] = (part.Start, pieces[^1].End, false);
                        }
                        else
                        {
                            pieces.Add((part.Start, part.End, false));
                        }

                        previousDelimiter = part.Delimiter;
                    }

                    pieces.Reverse();
                    break;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(behavior), behavior, null);
        }

        foreach (var (start, end, remove) in pieces)
        {
            if (!remove && end > start)
            {
                output.Add(text[start..end]);
            }
        }
    }
}
