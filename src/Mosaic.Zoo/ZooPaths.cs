namespace Mosaic.Zoo;

/// <summary>Where the shipped zoo lives: <c>models/zoo</c> under the repository root, found by walking up from a start folder.</summary>
public static class ZooPaths
{
    public const string RelativeDirectory = "models/zoo";

    public static string DefaultDirectory(string? start = null)
    {
        var directory = new DirectoryInfo(start ?? Directory.GetCurrentDirectory());
        while (directory is not null)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mosaic.Orleans.sln")))
            {
                return Path.Combine(directory.FullName, RelativeDirectory);
            }

            directory = directory.Parent;
        }

        return Path.GetFullPath(RelativeDirectory);
    }
}
