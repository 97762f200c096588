namespace Mosaic.Zoo;

/// <summary>
/// Where the shipped zoo lives: <c>models/zoo</c> under the repository root, found by walking up from a start folder
/// (by default the current folder, then the folder of the running program, so a build run from elsewhere finds its zoo).
/// </summary>
public static class ZooPaths
{
    public const string RelativeDirectory = "models/zoo";

    public static string DefaultDirectory(string? start = null) =>
        Find(start ?? Directory.GetCurrentDirectory()) ?? (start is null ? Find(AppContext.BaseDirectory) : null) ?? Path.GetFullPath(RelativeDirectory);

    private static string? Find(string start)
    {
        var directory = new DirectoryInfo(start);
        while (directory is not null)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mosaic.Orleans.sln")))
            {
                return Path.Combine(directory.FullName, RelativeDirectory);
            }

            directory = directory.Parent;
        }

        return null;
    }
}
