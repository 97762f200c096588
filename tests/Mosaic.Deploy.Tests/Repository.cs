using System.Reflection;

namespace Mosaic.Deploy.Tests;

/// <summary>Where the repository and the built hosts are (recorded at build time).</summary>
internal static class Repository
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    public static string Configuration { get; } = Metadata("Configuration");

    public static string SiloDll { get; } = Path.Combine(Root, "src", "Mosaic.Silo", "bin", Configuration, "net10.0", "Mosaic.Silo.dll");

    public static string CliDll { get; } = Path.Combine(Root, "src", "Mosaic.Cli", "bin", Configuration, "net10.0", "mosaic.dll");

    public static string ZooPoolFile { get; } = Path.Combine(Root, "models", "zoo", "pool.json");

    public static string Script(string name) => Path.Combine(Root, "infra", "scripts", name);

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is missing");
}
