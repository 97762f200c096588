namespace Mosaic.Grains.Backends;

/// <summary>FNV-1a over UTF-16 code units: the same on every silo and every run, unlike string.GetHashCode.</summary>
internal static class StableHash
{
    public static int Of(params string[] parts)
    {
        var hash = 2166136261u;
        foreach (var part in parts)
        {
            foreach (var c in part)
            {
                hash = (hash ^ c) * 16777619u;
            }

            hash = (hash ^ 0xFFu) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }
}
