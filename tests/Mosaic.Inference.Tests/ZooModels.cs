namespace Mosaic.Inference.Tests;

/// <summary>The trained demo zoo shipped in the repository (<c>models/zoo</c>), found by walking up from the test binaries.</summary>
internal static class ZooModels
{
    public static string Folder(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", "zoo", name);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"models/zoo/{name} not found above {AppContext.BaseDirectory}");
    }
}
