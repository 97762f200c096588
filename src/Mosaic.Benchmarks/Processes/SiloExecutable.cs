namespace Mosaic.Benchmarks.Processes;

/// <summary>
/// Finds the <c>Mosaic.Silo</c> build to start: <c>MOSAIC_SILO</c> (a dll or an apphost) when set, else the
/// <c>Mosaic.Silo.dll</c> copied beside this assembly by the project reference.
/// </summary>
internal static class SiloExecutable
{
    public const string Variable = "MOSAIC_SILO";

    public static string Find(string? path = null)
    {
        var candidate = path ?? (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Path.Combine(AppContext.BaseDirectory, "Mosaic.Silo.dll"));
        return File.Exists(candidate)
            ? Path.GetFullPath(candidate)
            : throw new FileNotFoundException($"Mosaic.Silo not found at '{candidate}' (build src/Mosaic.Silo, or set {Variable})", candidate);
    }

    /// <summary>The program and leading arguments that run <paramref name="silo"/>: <c>dotnet x.dll</c>, or the apphost itself.</summary>
    public static (string FileName, IReadOnlyList<string> Arguments) Command(string silo) =>
        silo.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? (DotnetHost(), [silo]) : (silo, []);

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
