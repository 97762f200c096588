namespace Mosaic.Scheduling.Emulation;

/// <summary>
/// Counter-based randomness: every stream is a pure function of (seed, purpose, key), so a backend that sees one call
/// at a time and the simulator that sees all of them draw exactly the same numbers, on any machine. FNV-1a folds the
/// key into 64 bits; SplitMix64 turns that into a stream.
/// </summary>
internal struct StableRandom
{
    private ulong _state;

    public StableRandom(int seed, string purpose, string key = "", string detail = "", int index = 0)
    {
        var hash = 14695981039346656037UL;
        hash = Fold(hash, seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        hash = Fold(hash, purpose);
        hash = Fold(hash, key);
        hash = Fold(hash, detail);
        hash = Fold(hash, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _state = hash;
    }

    /// <summary>A uniform draw in the open interval (0, 1).</summary>
    public double NextUniform() => ((Next() >> 11) + 0.5) / (1UL << 53);

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public double NextNormal()
    {
        var u1 = NextUniform();
        var u2 = NextUniform();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A uniform integer in [0, <paramref name="count"/>).</summary>
    public int NextInt(int count) => (int)Math.Min(count - 1, Math.Floor(NextUniform() * count));

    private ulong Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Fold(ulong hash, string part)
    {
        foreach (var c in part)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (hash ^ 0xFF) * 1099511628211UL;
    }
}
