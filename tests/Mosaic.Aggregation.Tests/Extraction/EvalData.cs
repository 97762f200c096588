namespace Mosaic.Aggregation.Tests.Extraction;

/// <summary>Locates <c>../shared/eval/extract</c> next to the repository (the directory holding Mosaic.Orleans.sln).</summary>
internal static class EvalData
{
    public static string? Directory { get; } = Find();

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mosaic.Orleans.sln")))
            {
                var extract = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "eval", "extract"));
                return System.IO.Directory.Exists(extract) ? extract : null;
            }
        }

        return null;
    }
}
