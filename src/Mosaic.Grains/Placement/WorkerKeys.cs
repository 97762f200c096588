namespace Mosaic.Grains.Placement;

/// <summary>
/// Keys of placed grains: an expert replica is <c>expert@worker</c>, a worker's own grain is the worker id. Expert and
/// worker names never contain '@'.
/// </summary>
internal static class WorkerKeys
{
    public const char Separator = '@';

    public static string Replica(string expert, string worker) => $"{expert}{Separator}{worker}";

    /// <summary>The worker a placed grain belongs on: the part after '@', or the whole key.</summary>
    public static string WorkerOf(string key)
    {
        var at = key.LastIndexOf(Separator);
        return at < 0 ? key : key[(at + 1)..];
    }

    public static string ExpertOf(string key)
    {
        var at = key.LastIndexOf(Separator);
        return at < 0 ? throw new ArgumentException($"'{key}' is not an expert@worker key", nameof(key)) : key[..at];
    }

    public static bool IsValidName(string name) => !string.IsNullOrWhiteSpace(name) && !name.Contains(Separator) && !name.Contains('/');
}
